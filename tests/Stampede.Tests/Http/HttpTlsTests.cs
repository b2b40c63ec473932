using Microsoft.AspNetCore.Server.Kestrel.Core;
using Stampede.Http;
using Stampede.Metrics;
using static Stampede.Tests.Http.HttpTestHelpers;

namespace Stampede.Tests.Http;

public sealed class HttpTlsTests(TestPki pki) : IClassFixture<TestPki>
{
    [Fact]
    public async Task SendAsync_ServerSignedByGivenCa_Succeeds()
    {
        await using var server = await TestServer.StartAsync(serverCertificate: pki.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings { Tls = new TlsSettings { CaCertificatePath = pki.CaPath } });
        using var transport = factory.Create();

        var first = await transport.SendAsync(Get(server.Url("hello")), CancellationToken.None);
        var second = await transport.SendAsync(Get(server.Url("hello")), CancellationToken.None);

        Assert.Equal(ErrorKind.None, first.Error);
        Assert.Equal(200, first.Status);
        Assert.True(first.Phases.Connecting > 0);
        Assert.True(first.Phases.TlsHandshaking > 0);
        Assert.Equal(0, second.Phases.TlsHandshaking);
        Assert.Equal(0, second.Phases.Connecting);
    }

    [Fact]
    public async Task SendAsync_LocalhostName_Succeeds()
    {
        await using var server = await TestServer.StartAsync(serverCertificate: pki.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings { Tls = new TlsSettings { CaCertificatePath = pki.CaPath } });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(new Uri($"https://localhost:{server.BaseUrl.Port}/hello")), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
    }

    [Fact]
    public async Task SendAsync_UntrustedServer_ReturnsTlsMentioningCacert()
    {
        await using var server = await TestServer.StartAsync(serverCertificate: pki.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("hello")), CancellationToken.None);

        Assert.Equal(ErrorKind.Tls, exchange.Error);
        Assert.Contains("--cacert", exchange.ErrorMessage, StringComparison.Ordinal);
        Assert.StartsWith("TLS handshake failed", exchange.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ServerSignedByOtherCa_ReturnsTls()
    {
        using var other = new TestPki();
        await using var server = await TestServer.StartAsync(serverCertificate: other.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings { Tls = new TlsSettings { CaCertificatePath = pki.CaPath } });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("hello")), CancellationToken.None);

        Assert.Equal(ErrorKind.Tls, exchange.Error);
        Assert.Contains("--cacert", exchange.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Insecure_AcceptsUntrustedServer()
    {
        await using var server = await TestServer.StartAsync(serverCertificate: pki.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings { Tls = new TlsSettings { Insecure = true } });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("hello")), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Equal(200, exchange.Status);
    }

    [Fact]
    public async Task SendAsync_Http2OverTls_NegotiatesH2()
    {
        await using var server = await TestServer.StartAsync(HttpProtocols.Http1AndHttp2, pki.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings
        {
            Version = HttpVersionMode.Http2,
            Tls = new TlsSettings { CaCertificatePath = pki.CaPath },
        });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("protocol"), captureBody: true), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Equal("HTTP/2", exchange.BodyText());
        Assert.True(exchange.Phases.TlsHandshaking > 0);
    }

    [Fact]
    public async Task SendAsync_Http11Mode_SpeaksHttp11OverTls()
    {
        await using var server = await TestServer.StartAsync(HttpProtocols.Http1AndHttp2, pki.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings { Tls = new TlsSettings { CaCertificatePath = pki.CaPath } });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("protocol"), captureBody: true), CancellationToken.None);

        Assert.Equal("HTTP/1.1", exchange.BodyText());
    }

    [Fact]
    public async Task SendAsync_Http2ToHttp1OnlyServer_ReturnsProtocolSayingSo()
    {
        await using var server = await TestServer.StartAsync(HttpProtocols.Http1, pki.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings
        {
            Version = HttpVersionMode.Http2,
            Tls = new TlsSettings { CaCertificatePath = pki.CaPath },
        });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("protocol")), CancellationToken.None);

        Assert.Equal(ErrorKind.Protocol, exchange.Error);
        Assert.Contains("HTTP/2", exchange.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_MutualTlsWithPemCertAndKey_Succeeds()
    {
        await using var server = await TestServer.StartAsync(serverCertificate: pki.ServerCertificate, requireClientCertificate: true);
        using var factory = HttpTransportFactory.Create(new HttpSettings
        {
            Tls = new TlsSettings { CaCertificatePath = pki.CaPath, ClientCertificatePath = pki.ClientCertPath, ClientKeyPath = pki.ClientKeyPath },
        });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("client-cert"), captureBody: true), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Equal("CN=stampede-client", exchange.BodyText());
    }

    [Fact]
    public async Task SendAsync_MutualTlsWithPkcs12_Succeeds()
    {
        await using var server = await TestServer.StartAsync(HttpProtocols.Http1AndHttp2, pki.ServerCertificate, requireClientCertificate: true);
        using var factory = HttpTransportFactory.Create(new HttpSettings
        {
            Version = HttpVersionMode.Http2,
            Tls = new TlsSettings { CaCertificatePath = pki.CaPath, ClientCertificatePath = pki.ClientP12Path, ClientCertificatePassword = TestPki.P12Password },
        });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("client-cert"), captureBody: true), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Equal("CN=stampede-client", exchange.BodyText());
    }

    [Fact]
    public async Task SendAsync_MutualTlsWithoutClientCert_ReturnsTls()
    {
        await using var server = await TestServer.StartAsync(serverCertificate: pki.ServerCertificate, requireClientCertificate: true);
        using var factory = HttpTransportFactory.Create(new HttpSettings { Tls = new TlsSettings { CaCertificatePath = pki.CaPath } });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("client-cert")), CancellationToken.None);

        Assert.Equal(ErrorKind.Tls, exchange.Error);
        Assert.Equal("TLS handshake failed: the server requires a client certificate (pass --cert/--key)", exchange.ErrorMessage);
    }

    [Theory]
    [InlineData(HttpVersionMode.Http11)]
    [InlineData(HttpVersionMode.Http2)]
    public async Task SendAsync_DelayedServerOverTls_WaitingCoversDelay(HttpVersionMode version)
    {
        await using var server = await TestServer.StartAsync(HttpProtocols.Http1AndHttp2, pki.ServerCertificate);
        using var factory = HttpTransportFactory.Create(new HttpSettings { Version = version, Tls = new TlsSettings { CaCertificatePath = pki.CaPath } });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("delay/100")), CancellationToken.None);

        var phases = exchange.Phases;
        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.True(Ticks(phases.Waiting) >= TimeSpan.FromMilliseconds(90), $"waiting {Ticks(phases.Waiting)}, receiving {Ticks(phases.Receiving)}");
        Assert.True(phases.TlsHandshaking > 0);
        Assert.True(phases.Connecting + phases.TlsHandshaking + phases.Sending + phases.Waiting + phases.Receiving <= exchange.End - exchange.Start);
    }
}

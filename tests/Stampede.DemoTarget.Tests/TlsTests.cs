using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests;

/// <summary>A TLS server and an mTLS server sharing one generated PKI folder.</summary>
public sealed class TlsFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public DemoTargetServer Tls { get; private set; } = null!;

    public DemoTargetServer Mtls { get; private set; } = null!;

    public X509Certificate2 Ca { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var pki = Path.Combine(_directory.Path, "pki");
        // Plain http URLs on purpose: TLS options turn every listener into HTTPS.
        Tls = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"], Tls = true, PkiDirectory = pki });
        Mtls = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["https://127.0.0.1:0"], Mtls = true, PkiDirectory = pki });
        Ca = X509CertificateLoader.LoadCertificateFromFile(Tls.Pki!.CaCertificate);
    }

    public async Task DisposeAsync()
    {
        await Tls.DisposeAsync();
        await Mtls.DisposeAsync();
        Ca.Dispose();
        _directory.Dispose();
    }
}

public class TlsTests(TlsFixture fixture) : IClassFixture<TlsFixture>
{
    [Fact]
    public async Task Https_ClientTrustsGeneratedCa_Returns200()
    {
        using var client = TestHttp.CreateClient(fixture.Tls.BaseUrl, fixture.Ca);

        using var response = await client.GetAsync("/health");

        Assert.Equal("https", fixture.Tls.BaseUrl.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Https_ClientWithoutCaTrust_FailsHandshake()
    {
        using var client = TestHttp.CreateClient(fixture.Tls.BaseUrl);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Https_Http2Requested_NegotiatesH2()
    {
        using var client = TestHttp.CreateClient(fixture.Tls.BaseUrl, fixture.Ca, version: HttpVersion.Version20);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public void Pki_BothServersOnOneFolder_ShareTheSameCa()
    {
        Assert.NotNull(fixture.Tls.Pki);
        Assert.Equal(fixture.Tls.Pki, fixture.Mtls.Pki);
    }

    [Fact]
    public async Task Mtls_PemClientCertificate_Returns200()
    {
        using var certificate = X509Certificate2.CreateFromPemFile(fixture.Mtls.Pki!.ClientCertificate, fixture.Mtls.Pki.ClientKey);
        using var client = TestHttp.CreateClient(fixture.Mtls.BaseUrl, fixture.Ca, certificate);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Mtls_Pkcs12ClientCertificate_Returns200()
    {
        var pki = fixture.Mtls.Pki!;
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pki.ClientPkcs12, pki.ClientPkcs12Password);
        using var client = TestHttp.CreateClient(fixture.Mtls.BaseUrl, fixture.Ca, certificate, HttpVersion.Version20);

        using var response = await client.PostAsync("/api/encrypt", new StringContent("""{"plaintext":"x"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Mtls_NoClientCertificate_Rejected()
    {
        using var client = TestHttp.CreateClient(fixture.Mtls.BaseUrl, fixture.Ca);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));
    }

    [Fact]
    public async Task Mtls_ClientCertificateFromAnotherCa_Rejected()
    {
        using var other = new TempDirectory();
        var otherPki = Pki.Generate(other.Path);
        using var certificate = X509Certificate2.CreateFromPemFile(otherPki.ClientCertificate, otherPki.ClientKey);
        using var client = TestHttp.CreateClient(fixture.Mtls.BaseUrl, fixture.Ca, certificate, alwaysSendClientCertificate: true);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));
    }

    [Fact]
    public async Task Mtls_ServerCertificateUsedAsClientCertificate_Rejected()
    {
        // Signed by the right CA but issued for server authentication only.
        var pki = fixture.Mtls.Pki!;
        using var certificate = X509Certificate2.CreateFromPemFile(pki.ServerCertificate, pki.ServerKey);
        using var client = TestHttp.CreateClient(fixture.Mtls.BaseUrl, fixture.Ca, certificate, alwaysSendClientCertificate: true);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));
    }
}

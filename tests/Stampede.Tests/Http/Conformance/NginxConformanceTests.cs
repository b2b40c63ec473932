using System.Net;
using System.Net.Sockets;
using System.Text;
using Stampede.Http;

namespace Stampede.Tests.Http.Conformance;

/// <summary>The same cases against nginx, the server load tests most often hit.</summary>
public sealed class NginxConformanceTests(NginxServer nginx) : IClassFixture<NginxServer>
{
    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Return200_BodyAndConnectionReused(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);
        var before = await nginx.AcceptedConnectionsAsync();

        for (var i = 0; i < 100; i++)
        {
            var exchange = await client.GetAsync(nginx.Url("/ok"));
            ConformanceClient.AssertSuccess(exchange, 200, "ok");
            Assert.InRange(exchange.BytesReceived, 100, 400);
        }

        Assert.Equal(1, await nginx.AcceptedConnectionsAsync() - before - 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task StaticFile_SendfileBodyReadCompletely(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind,
            new HttpSettings { Timeout = ConformanceClient.DefaultTimeout, MaxCapturedBodyBytes = 2 << 20 });

        var exchange = await client.GetAsync(nginx.Url("/static.bin"));

        ConformanceClient.AssertSuccess(exchange, 200, nginx.StaticBody);
        Assert.InRange(exchange.BytesReceived, nginx.StaticBody.Length + 100, nginx.StaticBody.Length + 600);
        await client.AssertNextRequestSucceedsAsync(nginx.Url("/ok"), "ok");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task StaticFile_Head_LengthWithoutBody(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);
        var before = await nginx.AcceptedConnectionsAsync();

        var exchange = await client.HeadAsync(nginx.Url("/static.bin"));

        ConformanceClient.AssertSuccess(exchange, 200, string.Empty);
        Assert.InRange(exchange.BytesReceived, 100, 600);
        await client.AssertNextRequestSucceedsAsync(nginx.Url("/ok"), "ok");
        Assert.Equal(1, await nginx.AcceptedConnectionsAsync() - before - 1);
    }

    [Fact]
    public async Task Chunked_RouteReallyAnswersChunked()
    {
        // The premise of the next test: nginx's SSI output has no Content-Length.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, nginx.Url("/").Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /chunked HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);

        var response = await reader.ReadToEndAsync();

        Assert.Contains("\r\nTransfer-Encoding: chunked\r\n", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length", response, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Chunked_SsiBodyReassembled(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(nginx.Url("/chunked"));

        ConformanceClient.AssertSuccess(exchange, 200, NginxServer.ChunkedBody);
        await client.AssertNextRequestSucceedsAsync(nginx.Url("/ok"), "ok");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler, "/empty", 204)]
    [InlineData(HttpTransportKind.Fast, "/empty", 204)]
    [InlineData(HttpTransportKind.Handler, "/missing", 404)]
    [InlineData(HttpTransportKind.Fast, "/missing", 404)]
    public async Task Status_ReportedWithoutTransportError(HttpTransportKind kind, string path, int status)
    {
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(nginx.Url(path));

        ConformanceClient.AssertSuccess(exchange, status);
        if (status == 204)
        {
            Assert.True(exchange.Body.IsEmpty);
        }
        else
        {
            Assert.Contains("404 Not Found", Encoding.ASCII.GetString(exchange.Body.Span), StringComparison.Ordinal);
        }

        await client.AssertNextRequestSucceedsAsync(nginx.Url("/ok"), "ok");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task KeepaliveRequestsLimit_EveryRequestSucceedsOnFreshConnections(HttpTransportKind kind)
    {
        const int requests = 10;
        using var client = ConformanceClient.Create(kind);
        var before = await nginx.AcceptedConnectionsAsync();

        for (var i = 0; i < requests; i++)
        {
            var exchange = await client.GetAsync(nginx.LimitedUrl("/ok"));
            ConformanceClient.AssertSuccess(exchange, 200, "ok");
        }

        // nginx says "Connection: close" on every third response, so ten requests need four connections.
        var expected = (requests + NginxServer.KeepaliveRequests - 1) / NginxServer.KeepaliveRequests;
        Assert.Equal(expected, await nginx.AcceptedConnectionsAsync() - before - 1);
    }
}

using System.Text;
using Stampede.Http;

namespace Stampede.Tests.Http.Conformance;

/// <summary>The same cases against a real server: Kestrel, HTTP/1.1, in process.</summary>
public sealed class KestrelConformanceTests(KestrelConformanceFixture fixture) : IClassFixture<KestrelConformanceFixture>
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Get_ContentLengthBody(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(Server.Url("c/sized"));

        ConformanceClient.AssertSuccess(exchange, 200, ConformanceClient.Pattern(KestrelConformanceFixture.SizedLength));
        Assert.InRange(exchange.BytesReceived, KestrelConformanceFixture.SizedLength + 50, KestrelConformanceFixture.SizedLength + 300);
        await client.AssertNextRequestSucceedsAsync(Server.Url("hello"), "hello");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Get_ChunkedBodyOfSeveralFlushes(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);
        var expected = string.Concat(KestrelConformanceFixture.ChunkedPieces);

        var exchange = await client.GetAsync(Server.Url("c/chunked"));

        ConformanceClient.AssertSuccess(exchange, 200, expected);

        // Chunk framing adds a size line and a CRLF per piece on top of the text.
        Assert.InRange(exchange.BytesReceived, expected.Length + 50, expected.Length + 300);
        await client.AssertNextRequestSucceedsAsync(Server.Url("hello"), "hello");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Head_LengthWithoutBody(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.HeadAsync(Server.Url("c/sized"));

        ConformanceClient.AssertSuccess(exchange, 200, string.Empty);
        Assert.InRange(exchange.BytesReceived, 50, 300);
        await client.AssertNextRequestSucceedsAsync(Server.Url("hello"), "hello");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler, 204)]
    [InlineData(HttpTransportKind.Fast, 204)]
    [InlineData(HttpTransportKind.Handler, 304)]
    [InlineData(HttpTransportKind.Fast, 304)]
    [InlineData(HttpTransportKind.Handler, 404)]
    [InlineData(HttpTransportKind.Fast, 404)]
    [InlineData(HttpTransportKind.Handler, 503)]
    [InlineData(HttpTransportKind.Fast, 503)]
    public async Task Status_ReportedWithoutTransportError(HttpTransportKind kind, int status)
    {
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(Server.Url($"status/{status}"));

        ConformanceClient.AssertSuccess(exchange, status, string.Empty);
        await client.AssertNextRequestSucceedsAsync(Server.Url("hello"), "hello");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Post_BodyAndHeaderEchoed(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);
        var body = ConformanceClient.Pattern(100_000);

        var exchange = await client.SendAsync(new HttpRequestDefinition
        {
            Name = "echo",
            Method = HttpMethod.Post,
            Url = Server.Url("c/echo"),
            Headers = [new("X-Custom", "abc"), new("Content-Type", "application/x-test")],
            Body = body,
            CaptureBody = true,
        });

        ConformanceClient.AssertSuccess(exchange, 200, body);
        Assert.InRange(exchange.BytesSent, body.Length + 50, body.Length + 400);
        Assert.InRange(exchange.BytesReceived, body.Length + 50, body.Length + 400);
        await client.AssertNextRequestSucceedsAsync(Server.Url("hello"), "hello");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task ManySequentialRequests_OneKeptAliveConnection(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);
        var connections = new HashSet<string>();

        for (var i = 0; i < 300; i++)
        {
            var exchange = await client.GetAsync(Server.Url("c/connection"));
            ConformanceClient.AssertSuccess(exchange, 200);
            connections.Add(Encoding.UTF8.GetString(exchange.Body.Span));
        }

        Assert.Single(connections);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Http1Only_ProtocolSeenByServerIsHttp11(HttpTransportKind kind)
    {
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(Server.Url("protocol"));

        ConformanceClient.AssertSuccess(exchange, 200, "HTTP/1.1");
    }
}

using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Tests.Http.Conformance;

/// <summary>
/// Responses that bend HTTP/1.1 in ways real servers do and SocketsHttpHandler accepts: the fast client
/// must accept them too, or a switch of client would turn a passing test into failures.
/// </summary>
public sealed class RawToleranceConformanceTests
{
    private static readonly Dictionary<string, string> Cases = new()
    {
        ["no reason phrase"] = "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok",
        ["empty reason phrase"] = "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok",
        ["bare LF line endings"] = "HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
        ["lower-case name, padded value"] = "HTTP/1.1 200 OK\r\ncontent-length:   2  \r\n\r\nok",
        ["upper-case chunked coding"] = "HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        ["Transfer-Encoding overrides Content-Length"] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        ["undefined 1xx before the response"] = "HTTP/1.1 199 Whatever\r\nX-A: b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    };

    [Theory]
    [InlineData(HttpTransportKind.Handler, "no reason phrase")]
    [InlineData(HttpTransportKind.Fast, "no reason phrase")]
    [InlineData(HttpTransportKind.Handler, "empty reason phrase")]
    [InlineData(HttpTransportKind.Fast, "empty reason phrase")]
    [InlineData(HttpTransportKind.Handler, "bare LF line endings")]
    [InlineData(HttpTransportKind.Fast, "bare LF line endings")]
    [InlineData(HttpTransportKind.Handler, "lower-case name, padded value")]
    [InlineData(HttpTransportKind.Fast, "lower-case name, padded value")]
    [InlineData(HttpTransportKind.Handler, "upper-case chunked coding")]
    [InlineData(HttpTransportKind.Fast, "upper-case chunked coding")]
    [InlineData(HttpTransportKind.Handler, "Transfer-Encoding overrides Content-Length")]
    [InlineData(HttpTransportKind.Fast, "Transfer-Encoding overrides Content-Length")]
    [InlineData(HttpTransportKind.Handler, "undefined 1xx before the response")]
    [InlineData(HttpTransportKind.Fast, "undefined 1xx before the response")]
    public async Task TolerableResponse_AcceptedAndConnectionReused(HttpTransportKind kind, string name)
    {
        var response = Cases[name];
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/tolerable"));

        ConformanceClient.AssertSuccess(exchange, 200, "ok");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler, "abc")]
    [InlineData(HttpTransportKind.Fast, "abc")]
    [InlineData(HttpTransportKind.Handler, "-1")]
    [InlineData(HttpTransportKind.Fast, "-1")]
    public async Task InvalidContentLength_HandlerReadsUntilClose_FastReportsProtocol(HttpTransportKind kind, string length)
    {
        // RFC 9112 §6.3: a response whose Content-Length is invalid has unrecoverable framing; the client
        // must close the connection and discard the response. Stampede's client does so and reports
        // `protocol`, so a load test shows the broken server. SocketsHttpHandler instead drops the
        // header and reads the body until the server closes. Both are pinned, so a change on either
        // side shows.
        var response = $"HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\nread until the server closes";
        await using var server = RawHttpServer.Serve(async (connection, _, cancellationToken) =>
        {
            await connection.WriteAsync(response, cancellationToken);
            return false;
        });
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/bad-length"));

        if (kind == HttpTransportKind.Handler)
        {
            ConformanceClient.AssertSuccess(exchange, 200, "read until the server closes");
            Assert.Equal(response.Length, exchange.BytesReceived);
        }
        else
        {
            Assert.Equal(ErrorKind.Protocol, exchange.Error);
            Assert.Equal("invalid response: invalid Content-Length in the response", exchange.ErrorMessage);
        }

        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task BytesAfterTheBody_NotTakenForTheNextResponse(HttpTransportKind kind)
    {
        // Bytes past Content-Length arrive with the response; a client that kept the connection would
        // read them as the start of the next response.
        const string response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale";
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/extra"));

        ConformanceClient.AssertSuccess(exchange, 200, "ok");
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }
}

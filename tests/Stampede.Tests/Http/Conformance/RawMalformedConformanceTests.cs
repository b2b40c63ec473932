using System.Text;
using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Tests.Http.Conformance;

/// <summary>Responses that break HTTP/1.1: a protocol error, never a hang or a made-up success.</summary>
public sealed class RawMalformedConformanceTests
{
    private static readonly Dictionary<string, (string Response, int Status)> Cases = new()
    {
        ["status code not a number"] = ("HTTP/1.1 abc\r\n", 0),
        ["status code of two digits"] = ("HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n", 0),
        ["not HTTP at all"] = ("hello\r\n\r\n", 0),
        ["header line without a colon"] = ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nno colon here\r\n\r\nok", 0),
        ["header name with a space"] = ("HTTP/1.1 200 OK\r\nBad Name: a\r\nContent-Length: 2\r\n\r\nok", 0),
        ["HTTP/2.0 status line"] = ("HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 0),
        ["status code of four digits"] = ("HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok", 0),
        ["chunk size not hex"] = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n", 200),
        ["chunk not followed by CRLF"] = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXY0\r\n\r\n", 200),
    };

    [Theory]
    [InlineData(HttpTransportKind.Handler, "status code not a number")]
    [InlineData(HttpTransportKind.Fast, "status code not a number")]
    [InlineData(HttpTransportKind.Handler, "status code of two digits")]
    [InlineData(HttpTransportKind.Fast, "status code of two digits")]
    [InlineData(HttpTransportKind.Handler, "not HTTP at all")]
    [InlineData(HttpTransportKind.Fast, "not HTTP at all")]
    [InlineData(HttpTransportKind.Handler, "header line without a colon")]
    [InlineData(HttpTransportKind.Fast, "header line without a colon")]
    [InlineData(HttpTransportKind.Handler, "header name with a space")]
    [InlineData(HttpTransportKind.Fast, "header name with a space")]
    [InlineData(HttpTransportKind.Handler, "HTTP/2.0 status line")]
    [InlineData(HttpTransportKind.Fast, "HTTP/2.0 status line")]
    [InlineData(HttpTransportKind.Handler, "status code of four digits")]
    [InlineData(HttpTransportKind.Fast, "status code of four digits")]
    [InlineData(HttpTransportKind.Handler, "chunk size not hex")]
    [InlineData(HttpTransportKind.Fast, "chunk size not hex")]
    [InlineData(HttpTransportKind.Handler, "chunk not followed by CRLF")]
    [InlineData(HttpTransportKind.Fast, "chunk not followed by CRLF")]
    public async Task MalformedResponse_ProtocolErrorThenNewConnection(HttpTransportKind kind, string name)
    {
        var (response, status) = Cases[name];

        // The server keeps the connection open after the bad bytes: the client must fail on what it
        // parsed, not on the end of the stream (a lenient client waiting for more would time out).
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/malformed"));

        ConformanceClient.AssertFailure(exchange, ErrorKind.Protocol, status);
        Assert.True(exchange.BytesReceived > 0);
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task HeadersOver64KB_ProtocolErrorThenNewConnection(HttpTransportKind kind)
    {
        // SocketsHttpHandler's MaxResponseHeadersLength defaults to 64 KB.
        await using var server = RawHttpServer.Serve(HeadersResponse(totalHeaderBytes: 100 * 1024));
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/huge-headers"));

        ConformanceClient.AssertFailure(exchange, ErrorKind.Protocol, 0);
        Assert.Contains("limit", exchange.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Headers32KB_Accepted(HttpTransportKind kind)
    {
        // Well under the 64 KB limit, and larger than a typical fixed header buffer.
        var response = HeadersResponse(totalHeaderBytes: 32 * 1024);
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/big-headers"));

        ConformanceClient.AssertSuccess(exchange, 200, "ok");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    private static string HeadersResponse(int totalHeaderBytes)
    {
        var response = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (var i = 0; response.Length < totalHeaderBytes; i++)
        {
            response.Append("X-Filler-").Append(i.ToString("D4")).Append(": ").Append('a', 1000).Append("\r\n");
        }

        return response.Append("Content-Length: 2\r\n\r\nok").ToString();
    }
}

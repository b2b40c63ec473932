using Stampede.Http;

namespace Stampede.Tests.Http.Conformance;

/// <summary>How a response body is delimited: every framing HTTP/1.1 allows, from a scripted server.</summary>
public sealed class RawFramingConformanceTests
{
    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task ContentLength_BodyReadAndConnectionReused(HttpTransportKind kind)
    {
        const string response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world";
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/cl"));

        ConformanceClient.AssertSuccess(exchange, 200, "hello world");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Chunked_ExtensionsAndHexCase_BodyReassembled(HttpTransportKind kind)
    {
        const string response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;foo=bar\r\nhello\r\n"
            + "1A\r\nabcdefghijklmnopqrstuvwxyz\r\n"
            + "1a;a=1;b=\"x y\"\r\nABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n"
            + "000a\r\n0123456789\r\n"
            + "0\r\n\r\n";
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/chunked"));

        ConformanceClient.AssertSuccess(exchange, 200, "helloabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Chunked_WithTrailers_TrailersConsumedAndConnectionReused(HttpTransportKind kind)
    {
        const string response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Trailer, X-Other\r\n\r\n"
            + "4\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Trailer: v\r\nX-Other: w\r\n\r\n";
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/trailers"));

        ConformanceClient.AssertSuccess(exchange, 200, "wikipedia");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nread until the server closes")]
    [InlineData(HttpTransportKind.Fast, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nread until the server closes")]
    [InlineData(HttpTransportKind.Handler, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the server closes")]
    [InlineData(HttpTransportKind.Fast, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the server closes")]
    public async Task CloseDelimited_BodyReadToEndThenNewConnection(HttpTransportKind kind, string response)
    {
        await using var server = RawHttpServer.Serve(async (connection, _, cancellationToken) =>
        {
            await connection.WriteAsync(response, cancellationToken);
            return false;
        });
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/until-close"));

        ConformanceClient.AssertSuccess(exchange, 200, "read until the server closes");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler, "Connection: close")]
    [InlineData(HttpTransportKind.Fast, "Connection: close")]
    [InlineData(HttpTransportKind.Handler, "connection: CLOSE")]
    [InlineData(HttpTransportKind.Fast, "connection: CLOSE")]
    [InlineData(HttpTransportKind.Handler, "Connection: keep-alive, close")]
    [InlineData(HttpTransportKind.Fast, "Connection: keep-alive, close")]
    public async Task ConnectionClose_ServerKeepsSocketOpen_ClientStillOpensNewConnection(HttpTransportKind kind, string header)
    {
        // The server keeps listening on the connection: only the client's own reading of the close
        // option (RFC 9112 §9.6, case-insensitive, one of a list) keeps the next request off it.
        var response = $"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n{header}\r\n\r\nhello";
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/close"));

        ConformanceClient.AssertSuccess(exchange, 200, "hello");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Head_ContentLengthWithoutBody_DoesNotWaitForBody(HttpTransportKind kind)
    {
        const string response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n";
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.HeadAsync(server.Url("/head"));

        ConformanceClient.AssertSuccess(exchange, 200, string.Empty);
        Assert.Equal(response.Length, exchange.BytesReceived);
        Assert.Equal("HEAD /head HTTP/1.1", server.Requests[0].RequestLine);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler, "HTTP/1.1 204 No Content\r\nServer: raw\r\n\r\n", 204)]
    [InlineData(HttpTransportKind.Fast, "HTTP/1.1 204 No Content\r\nServer: raw\r\n\r\n", 204)]
    [InlineData(HttpTransportKind.Handler, "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\n\r\n", 304)]
    [InlineData(HttpTransportKind.Fast, "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\n\r\n", 304)]
    // A 304 may carry the Content-Length of the representation it stands for (RFC 9110 §8.6), never a body.
    [InlineData(HttpTransportKind.Handler, "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 1000\r\n\r\n", 304)]
    [InlineData(HttpTransportKind.Fast, "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 1000\r\n\r\n", 304)]
    public async Task NoBodyStatus_EndsAtHeadAndConnectionReused(HttpTransportKind kind, string response, int status)
    {
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/nobody"));

        ConformanceClient.AssertSuccess(exchange, status, string.Empty);
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task InterimResponses_SkippedUntilFinalResponse(HttpTransportKind kind)
    {
        const string response = "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\nLink: </app.js>; rel=preload; as=script\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal";
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/interim"));

        ConformanceClient.AssertSuccess(exchange, 200, "final");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }
}

using System.Text;
using Stampede.Http;

namespace Stampede.Tests.Http.Conformance;

/// <summary>What the client puts on the wire, as a scripted server read it.</summary>
public sealed class RawRequestConformanceTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Post_RequestLineHostHeadersAndBodyOnTheWire(HttpTransportKind kind)
    {
        await using var server = RawHttpServer.Serve(Ok);
        using var client = ConformanceClient.Create(kind);
        var body = ConformanceClient.Pattern(5000);
        var request = new HttpRequestDefinition
        {
            Name = "post",
            Method = HttpMethod.Post,
            Url = server.Url("/path?q=1"),
            Headers = [new("X-Custom", "value 1"), new("Content-Type", "application/json"), new("Authorization", "Bearer abc")],
            Body = body,
            CaptureBody = true,
        };

        var exchange = await client.SendAsync(request);

        ConformanceClient.AssertSuccess(exchange, 200, "ok");
        var seen = Assert.Single(server.Requests);
        Assert.Equal("POST /path?q=1 HTTP/1.1", seen.RequestLine);
        Assert.Equal($"127.0.0.1:{server.Port}", seen.Header("Host"));
        Assert.Equal("5000", seen.Header("Content-Length"));
        Assert.Null(seen.Header("Transfer-Encoding"));
        Assert.Equal("value 1", seen.Header("X-Custom"));
        Assert.Equal("application/json", seen.Header("Content-Type"));
        Assert.Equal("Bearer abc", seen.Header("Authorization"));
        ConformanceClient.AssertBody(body, seen.Body);
        Assert.Equal(seen.WireBytes, exchange.BytesSent);
        Assert.Equal(Ok.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Get_NoBodyAndNoBodyFraming(HttpTransportKind kind)
    {
        await using var server = RawHttpServer.Serve(Ok);
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.SendAsync(new HttpRequestDefinition
        {
            Name = "get",
            Method = HttpMethod.Get,
            Url = server.Url("/get?a=b&c=%20d"),
            Headers = [new("Accept", "text/plain")],
        });

        ConformanceClient.AssertSuccess(exchange, 200);
        var seen = Assert.Single(server.Requests);
        Assert.Equal("GET /get?a=b&c=%20d HTTP/1.1", seen.RequestLine);
        Assert.Equal($"127.0.0.1:{server.Port}", seen.Header("Host"));
        Assert.Equal("text/plain", seen.Header("Accept"));
        Assert.Null(seen.Header("Transfer-Encoding"));
        Assert.True(seen.Header("Content-Length") is null or "0", $"Content-Length: {seen.Header("Content-Length")}");
        Assert.Empty(seen.Body);
        Assert.Equal(seen.WireBytes, exchange.BytesSent);
        Assert.True(exchange.Body.IsEmpty, "capture is off");
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task Put_EachRequestOnTheWireOnceWithItsOwnBody(HttpTransportKind kind)
    {
        await using var server = RawHttpServer.Serve(Ok);
        using var client = ConformanceClient.Create(kind);

        for (var i = 0; i < 3; i++)
        {
            var exchange = await client.SendAsync(new HttpRequestDefinition
            {
                Name = "put",
                Method = HttpMethod.Put,
                Url = server.Url($"/items/{i}"),
                Body = Encoding.ASCII.GetBytes(new string((char)('a' + i), i + 1)),
            });
            ConformanceClient.AssertSuccess(exchange, 200);
        }

        Assert.Equal(["PUT /items/0 HTTP/1.1 a", "PUT /items/1 HTTP/1.1 bb", "PUT /items/2 HTTP/1.1 ccc"],
            server.Requests.Select(r => r.RequestLine + " " + Encoding.ASCII.GetString(r.Body)));
        Assert.Equal(1, server.ConnectionCount);
    }
}

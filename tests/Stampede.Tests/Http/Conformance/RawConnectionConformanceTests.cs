using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Tests.Http.Conformance;

/// <summary>Connections that end early, go stale between requests, or never existed.</summary>
public sealed class RawConnectionConformanceTests
{
    private const string PartialHead = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
    private const string PartialChunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3E8\r\n";
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    [Theory]
    [InlineData(HttpTransportKind.Handler, PartialHead)]
    [InlineData(HttpTransportKind.Fast, PartialHead)]
    [InlineData(HttpTransportKind.Handler, PartialChunkedHead)]
    [InlineData(HttpTransportKind.Fast, PartialChunkedHead)]
    public async Task ResetMidBody_ConnectionResetThenNewConnection(HttpTransportKind kind, string head)
    {
        await using var server = RawHttpServer.Serve(async (connection, _, cancellationToken) =>
        {
            await connection.WriteAsync(head + new string('x', 100), cancellationToken);
            connection.Reset();
            return false;
        });
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/reset"));

        // Linux hands over bytes already received before it reports the RST, so the status is always known.
        ConformanceClient.AssertFailure(exchange, ErrorKind.ConnectionReset, 200);
        Assert.True(exchange.BytesReceived > 0);
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler, PartialHead)]
    [InlineData(HttpTransportKind.Fast, PartialHead)]
    [InlineData(HttpTransportKind.Handler, PartialChunkedHead)]
    [InlineData(HttpTransportKind.Fast, PartialChunkedHead)]
    public async Task CloseMidBody_ConnectionResetThenNewConnection(HttpTransportKind kind, string head)
    {
        var response = head + new string('x', 100);
        await using var server = RawHttpServer.Serve(async (connection, _, cancellationToken) =>
        {
            await connection.WriteAsync(response, cancellationToken);
            connection.Close();
            return false;
        });
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/fin"));

        // SocketsHttpHandler reports a body cut short by a FIN as ResponseEnded, which Stampede counts as a reset.
        ConformanceClient.AssertFailure(exchange, ErrorKind.ConnectionReset, 200);
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task ServerClosesIdleConnection_NextRequestSucceedsOnNewConnection(HttpTransportKind kind)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = RawHttpServer.Serve(async (connection, _, cancellationToken) =>
        {
            await connection.WriteAsync(Ok, cancellationToken);

            // Without the wait this races the client's next request: SocketsHttpHandler then fails
            // about 1 time in 25 with a reset it does not retry (the request hit the closed socket).
            await connection.CloseAndWaitUntilClientSeesItAsync(cancellationToken);
            closed.TrySetResult();
            return false;
        });
        using var client = ConformanceClient.Create(kind);

        var first = await client.GetAsync(server.Url("/first"));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        ConformanceClient.AssertSuccess(first, 200, "ok");
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task ReusedConnectionClosedBeforeAnyResponseByte_RequestRetriedOnNewConnection(HttpTransportKind kind)
    {
        // The race an idle-close check cannot win: the server closes the kept-alive connection just as
        // the next request arrives. The request was not answered, so sending it again is safe.
        await using var server = RawHttpServer.Serve(async (connection, request, cancellationToken) =>
        {
            if (request.Path == "/second" && connection.Index == 0)
            {
                return false;
            }

            await connection.WriteAsync(Ok, cancellationToken);
            return true;
        });
        using var client = ConformanceClient.Create(kind);

        var first = await client.GetAsync(server.Url("/first"));
        var second = await client.GetAsync(server.Url("/second"));

        ConformanceClient.AssertSuccess(first, 200, "ok");
        ConformanceClient.AssertSuccess(second, 200, "ok");
        Assert.Equal(["0 /first", "0 /second", "1 /second"], server.Requests.Select(r => $"{r.ConnectionIndex} {r.Path}"));
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task KeepAlive_NoPipelining_NextRequestOnlyAfterWholeResponse(HttpTransportKind kind)
    {
        const int requests = 5;
        var events = new ConcurrentQueue<string>();
        var body = ConformanceClient.Pattern(20_000);
        var response = RawBodyConformanceTests.WithContentLength(body);
        var half = response.Length / 2;
        await using var server = RawHttpServer.Serve(async (connection, request, cancellationToken) =>
        {
            events.Enqueue("request " + request.Path);
            await connection.WriteAsync(response.AsMemory(0, half), cancellationToken);

            // A client that returned after half a body (draining the rest later) or wrote ahead would
            // have its next request on the wire by now.
            if (connection.HasUnreadBytes(TimeSpan.FromMilliseconds(20)))
            {
                events.Enqueue("bytes arrived before the response was complete");
            }

            await connection.WriteAsync(response.AsMemory(half), cancellationToken);
            events.Enqueue("response " + request.Path);
            return true;
        });
        using var client = ConformanceClient.Create(kind);

        for (var i = 0; i < requests; i++)
        {
            var exchange = await client.GetAsync(server.Url($"/r{i}"), captureBody: false);
            ConformanceClient.AssertSuccess(exchange, 200, []);
            Assert.Equal(response.Length, exchange.BytesReceived);
        }

        // The client can read the last response before the script logs it: let the scripts finish first.
        var connections = server.ConnectionCount;
        await server.DisposeAsync();
        Assert.Equal(Enumerable.Range(0, requests).SelectMany(i => new[] { $"request /r{i}", $"response /r{i}" }), events);
        Assert.Equal(1, connections);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task ConnectionRefused_ReturnsConnectionRefused(HttpTransportKind kind)
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));

        ConformanceClient.AssertFailure(exchange, ErrorKind.ConnectionRefused, 0);
        Assert.Equal(0, exchange.BytesReceived);
        Assert.Equal(0, exchange.BytesSent);
    }
}

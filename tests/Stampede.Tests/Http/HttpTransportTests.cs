using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Stampede.Http;
using Stampede.Metrics;
using static Stampede.Tests.Http.HttpTestHelpers;

namespace Stampede.Tests.Http;

public sealed class HttpTransportTests
{
    [Fact]
    public async Task SendAsync_Get_ReturnsStatusAndCapturedBody()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("hello"), captureBody: true), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Null(exchange.ErrorMessage);
        Assert.Equal(200, exchange.Status);
        Assert.Equal("hello", exchange.BodyText());
        Assert.True(exchange.End > exchange.Start);
    }

    [Fact]
    public async Task SendAsync_PostWithBodyAndHeaders_ReachesServer()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();
        var request = new HttpRequestDefinition
        {
            Name = "echo",
            Method = HttpMethod.Post,
            Url = server.Url("echo"),
            Headers = [new("X-Test", "abc"), new("Content-Type", "application/json")],
            Body = Encoding.UTF8.GetBytes("{\"a\":1}"),
            CaptureBody = true,
        };

        var exchange = await transport.SendAsync(request, CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Equal("POST application/json abc 7", exchange.BodyText());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(503)]
    public async Task SendAsync_ErrorStatus_IsNotTransportError(int status)
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url($"status/{status}")), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Equal(status, exchange.Status);
    }

    [Fact]
    public async Task SendAsync_CaptureOff_BodyEmptyButBytesCounted()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("bytes/100000")), CancellationToken.None);

        Assert.Equal(200, exchange.Status);
        Assert.True(exchange.Body.IsEmpty);
        Assert.InRange(exchange.BytesReceived, 100_000, 101_000);
    }

    [Fact]
    public async Task SendAsync_BodyOverCap_CapturesOnlyCap()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings { MaxCapturedBodyBytes = 1000 });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("bytes/100000"), captureBody: true), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Equal(1000, exchange.Body.Length);
        Assert.InRange(exchange.BytesReceived, 100_000, 101_000);
    }

    [Fact]
    public async Task SendAsync_Post_CountsPlausibleBytes()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();
        var request = new HttpRequestDefinition
        {
            Name = "echo",
            Method = HttpMethod.Post,
            Url = server.Url("echo"),
            Body = new byte[10_000],
        };

        var exchange = await transport.SendAsync(request, CancellationToken.None);

        // Body plus a request line and a few headers; the response is a short text plus headers.
        Assert.InRange(exchange.BytesSent, 10_050, 10_500);
        Assert.InRange(exchange.BytesReceived, 60, 500);
    }

    [Fact]
    public async Task SendAsync_SecondRequest_ReusesConnection()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var first = await transport.SendAsync(Get(server.Url("hello")), CancellationToken.None);
        var second = await transport.SendAsync(Get(server.Url("hello")), CancellationToken.None);

        Assert.True(first.Phases.Connecting > 0);
        Assert.Equal(0, first.Phases.TlsHandshaking);
        Assert.Equal(0, second.Phases.Connecting);
        Assert.Equal(1, factory.OpenConnections);
        Assert.True(second.BytesSent > 0 && second.BytesReceived > 0);
    }

    [Fact]
    public async Task SendAsync_DelayedServer_WaitingCoversDelay()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("delay/100")), CancellationToken.None);

        var phases = exchange.Phases;
        Assert.True(Ticks(phases.Waiting) >= TimeSpan.FromMilliseconds(90), $"waiting {Ticks(phases.Waiting)}");
        Assert.True(phases.Sending >= 0 && phases.Receiving >= 0);
        Assert.True(phases.Connecting + phases.Sending + phases.Waiting + phases.Receiving <= exchange.End - exchange.Start);
    }

    [Fact]
    public async Task Create_PerVu_EachTransportOwnsItsConnections()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        var first = factory.Create();
        using var second = factory.Create();

        Assert.NotSame(first, second);
        await first.SendAsync(Get(server.Url("hello")), CancellationToken.None);
        var other = await second.SendAsync(Get(server.Url("hello")), CancellationToken.None);
        Assert.True(other.Phases.Connecting > 0);
        Assert.Equal(2, factory.OpenConnections);

        first.Dispose();
        Assert.Equal(1, factory.OpenConnections);
    }

    [Fact]
    public async Task Create_Shared_ReturnsOneTransportThatSurvivesVuDispose()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings { ConnectionPerVu = false });
        var first = factory.Create();
        var second = factory.Create();
        Assert.Same(first, second);

        first.Dispose();
        var exchange = await second.SendAsync(Get(server.Url("hello")), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.True(exchange.BytesSent > 0 && exchange.BytesReceived > 0);
    }

    [Fact]
    public async Task SendAsync_SharedConcurrent_AllSucceedAndBytesAddUp()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings { ConnectionPerVu = false });
        var transport = factory.Create();

        var exchanges = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => transport.SendAsync(Get(server.Url("bytes/1000")), CancellationToken.None).AsTask()));

        Assert.All(exchanges, e => Assert.Equal(200, e.Status));
        Assert.InRange(exchanges.Sum(e => e.BytesReceived), 20 * 1000, 20 * 1300);
        Assert.InRange(factory.OpenConnections, 1, 20);
    }

    [Fact]
    public async Task SendAsync_Http2PriorKnowledge_SpeaksH2c()
    {
        await using var server = await TestServer.StartAsync(HttpProtocols.Http2);
        using var factory = HttpTransportFactory.Create(new HttpSettings { Version = HttpVersionMode.Http2 });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("protocol"), captureBody: true), CancellationToken.None);

        Assert.Equal(ErrorKind.None, exchange.Error);
        Assert.Equal("HTTP/2", exchange.BodyText());
        Assert.True(exchange.Phases.Connecting > 0);
    }

    [Fact]
    public async Task SendAsync_ConnectionRefused_ReturnsConnectionRefused()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(new Uri($"http://127.0.0.1:{port}/")), CancellationToken.None);

        Assert.Equal(ErrorKind.ConnectionRefused, exchange.Error);
        Assert.Equal(0, exchange.Status);
        Assert.DoesNotContain('\n', exchange.ErrorMessage!);
        Assert.Equal(0, factory.OpenConnections);
    }

    [Fact]
    public async Task SendAsync_UnknownHost_ReturnsDns()
    {
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(new Uri("http://nonexistent.invalid/")), CancellationToken.None);

        Assert.Equal(ErrorKind.Dns, exchange.Error);
    }

    [Fact]
    public async Task SendAsync_ServerSlowerThanTimeout_ReturnsTimeoutNamingIt()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings { Timeout = TimeSpan.FromMilliseconds(200) });
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("delay/10000")), CancellationToken.None);
        var after = await transport.SendAsync(Get(server.Url("hello")), CancellationToken.None);

        Assert.Equal(ErrorKind.Timeout, exchange.Error);
        Assert.Equal("request timed out after 200ms", exchange.ErrorMessage);
        Assert.True(Ticks(exchange.End - exchange.Start) < TimeSpan.FromSeconds(5));
        Assert.Equal(ErrorKind.None, after.Error);
    }

    [Fact]
    public async Task SendAsync_RequestTimeout_OverridesSettings()
    {
        await using var server = await TestServer.StartAsync();
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(server.Url("delay/10000"), timeout: TimeSpan.FromMilliseconds(150)), CancellationToken.None);

        Assert.Equal(ErrorKind.Timeout, exchange.Error);
        Assert.Equal("request timed out after 150ms", exchange.ErrorMessage);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ReturnsCancelled()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(extraRoutes: app => app.MapGet("/hang", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }));
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();
        using var stop = new CancellationTokenSource();

        var pending = transport.SendAsync(Get(server.Url("hang")), stop.Token).AsTask();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        var exchange = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ErrorKind.Cancelled, exchange.Error);
    }

    [Fact]
    public async Task SendAsync_ServerClosesMidResponse_ReturnsConnectionReset()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var seen = new StringBuilder();
            while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0)
                {
                    return;
                }

                seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a little"));
        });
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(new Uri($"http://127.0.0.1:{port}/")), CancellationToken.None);
        await serve;

        Assert.Equal(ErrorKind.ConnectionReset, exchange.Error);
        Assert.Equal(200, exchange.Status);
        Assert.True(exchange.BytesReceived > 0);
    }

    [Fact]
    public async Task SendAsync_GarbageResponse_ReturnsProtocol()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("NOT HTTP AT ALL\r\n\r\n"));
        });
        using var factory = HttpTransportFactory.Create(new HttpSettings());
        using var transport = factory.Create();

        var exchange = await transport.SendAsync(Get(new Uri($"http://127.0.0.1:{port}/")), CancellationToken.None);
        await serve;

        Assert.Equal(ErrorKind.Protocol, exchange.Error);
    }
}

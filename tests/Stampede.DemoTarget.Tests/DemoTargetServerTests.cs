using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests;

public class DemoTargetServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ReportsBoundPort()
    {
        await using var server = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] });

        var url = Assert.Single(server.Urls);
        Assert.Equal(url, server.BaseUrl);
        Assert.Equal("http", url.Scheme);
        Assert.Equal("127.0.0.1", url.Host);
        Assert.NotEqual(0, url.Port);
        Assert.Null(server.Pki);
        using var client = TestHttp.CreateClient(server.BaseUrl);
        Assert.Equal("stampede demo target", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task StartAsync_TwoLoopbackUrls_ServesAndReportsBoth()
    {
        await using var server = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0", "http://127.0.0.2:0"] });

        Assert.Equal(["127.0.0.1", "127.0.0.2"], server.Urls.Select(u => u.Host).Order());
        foreach (var url in server.Urls)
        {
            using var client = TestHttp.CreateClient(url);
            using var response = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://10.0.0.1:0")]
    [InlineData("http://example.com:5080")]
    public async Task StartAsync_NonLoopbackUrl_ThrowsArgumentExceptionNamingLoopback(string url)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = [url] }));

        Assert.Contains(url, error.Message);
        Assert.Contains("loopback", error.Message);
    }

    [Theory]
    [InlineData("http://*:5080")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:5080/api")]
    [InlineData("http://localhost:0")]
    public async Task StartAsync_UnusableUrl_ThrowsArgumentException(string url)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = [url] }));

        Assert.Contains("Urls[0]", error.Message);
    }

    [Fact]
    public async Task StartAsync_SeveralProblems_ReportsAllAtOnce()
    {
        var options = new DemoTargetOptions
        {
            Urls = ["http://0.0.0.0:1", "ftp://127.0.0.1:2"],
            RateLimitPerSecond = 0,
            RateLimitBurst = -1,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => DemoTargetServer.StartAsync(options));

        Assert.Contains("Urls[0]", error.Message);
        Assert.Contains("Urls[1]", error.Message);
        Assert.Contains("RateLimitPerSecond", error.Message);
        Assert.Contains("RateLimitBurst", error.Message);
    }

    [Fact]
    public async Task StartAsync_PortAlreadyInUse_ThrowsIOException()
    {
        await using var first = await TestHttp.StartLoopbackAsync();

        await Assert.ThrowsAsync<IOException>(() => DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = [first.BaseUrl.ToString()] }));
    }

    [Fact]
    public async Task Http2PriorKnowledge_PlainHttp_Succeeds()
    {
        await using var server = await TestHttp.StartLoopbackAsync();
        using var client = TestHttp.CreateClient(server.BaseUrl, version: HttpVersion.Version20);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task Http2PriorKnowledge_Http2Disabled_Fails()
    {
        await using var server = await TestHttp.StartLoopbackAsync(new DemoTargetOptions { Http2 = false });
        using var client = TestHttp.CreateClient(server.BaseUrl, version: HttpVersion.Version20);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));
    }

    [Fact]
    public async Task StopAsync_SlowRequestInFlight_AnsweredWithoutWaitingItOut()
    {
        var server = await TestHttp.StartLoopbackAsync();
        using var client = TestHttp.CreateClient(server.BaseUrl);
        using var other = TestHttp.CreateClient(server.BaseUrl);
        var slow = client.GetAsync("/api/slow?ms=60000");
        // A full round trip on another connection after sending gives the slow request time to reach its wait.
        (await other.GetAsync("/health")).Dispose();

        var stopping = Stopwatch.StartNew();
        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await server.DisposeAsync();

        // Holding on would take the 5 s shutdown timeout (or the full minute).
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"stop took {stopping.Elapsed}");
        using var response = await slow.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task DisposeAsync_Twice_DoesNotThrow()
    {
        var server = await TestHttp.StartLoopbackAsync();
        var port = server.BaseUrl.Port;

        await server.DisposeAsync();
        await server.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
    }
}

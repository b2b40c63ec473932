using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Stampede.Cli.Outputs;
using Stampede.Metrics;

namespace Stampede.Cli.Tests.Outputs;

public class BatchingOutputTests
{
    private static IntervalSnapshot Interval(int second, long requests = 5) => Snapshots.Of(
        Snapshots.Time.AddSeconds(second), TimeSpan.FromSeconds(1),
        Snapshots.Counter(BuiltinMetrics.HttpReqs, requests, ("name", "x")));

    // Each interval above is two points: http_reqs and the generator's health.
    private const int PointsPerInterval = 2;

    private static DeliveryOptions Fake(FakeTimeProvider time, int capacity = 600, TimeSpan? flush = null) => new()
    {
        Time = time,
        QueueCapacity = capacity,
        FlushTimeout = flush ?? TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task OnInterval_ServerAnswers503ThenOk_BacksOffWithJitterAndSendsOnceTimeHasPassed()
    {
        await using var server = await Receiver.StartAsync((503, "busy"));
        var time = new FakeTimeProvider();
        await using var output = new InfluxDbOutput(new Uri(server.BaseUrl, "k6").ToString(), Fake(time));
        var backoff = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        output.BackingOff += delay => backoff.TrySetResult(delay);

        output.OnInterval(Interval(1), default);
        var first = await server.NextAsync();
        var delay = await backoff.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(delay, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        Assert.Equal(1, output.Status.Retries);
        Assert.Equal("HTTP 503 Service Unavailable: busy", output.Status.LastError);
        time.Advance(delay);
        var second = await server.NextAsync();
        await output.FlushAsync();

        Assert.Equal("/write?db=k6&precision=ms", first.Path);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(2, server.Received);
        Assert.Equal((1, PointsPerInterval, 0L), (output.Status.Batches, output.Status.Sent, output.Status.Dropped));
    }

    [Fact]
    public async Task OnInterval_ServerAnswers400_DropsAndCountsTheBatchWithoutRetrying()
    {
        await using var server = await Receiver.StartAsync((400, "{\"error\":\"unable to parse 'x': missing fields\"}"));
        await using var output = new InfluxDbOutput(new Uri(server.BaseUrl, "k6").ToString(), Fake(new FakeTimeProvider()));

        output.OnInterval(Interval(1), default);
        await output.FlushAsync();

        var status = output.Status;
        Assert.Equal((0L, 0L, (long)PointsPerInterval, 0L), (status.Batches, status.Sent, status.Dropped, status.Retries));
        Assert.Equal(1, server.Received);
        Assert.Contains("HTTP 400 Bad Request: {\"error\":\"unable to parse 'x': missing fields\"}", status.LastError, StringComparison.Ordinal);
        Assert.Contains("not retried", status.LastError, StringComparison.Ordinal);
        Assert.StartsWith($"influxdb {server.BaseUrl}k6: 0 batches, 0 points sent, 2 dropped; last error: HTTP 400", status.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnInterval_ClosedPortAndFullQueue_DropsTheOldestAndCountsEverythingLeftAtTheFlushDeadline()
    {
        var port = ClosedPort();
        var time = new FakeTimeProvider();
        await using var output = new InfluxDbOutput($"http://127.0.0.1:{port}/k6", Fake(time, capacity: 2, flush: TimeSpan.Zero));
        var backoff = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        output.BackingOff += delay => backoff.TrySetResult(delay);

        output.OnInterval(Interval(1), default);
        await backoff.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var second = 2; second <= 6; second++)
        {
            // Never blocks: the sender is stuck backing off, the queue holds two intervals and drops the oldest.
            output.OnInterval(Interval(second), default);
        }

        Assert.Equal(3 * PointsPerInterval, output.Status.Dropped);
        await output.FlushAsync();

        var status = output.Status;
        Assert.Equal((0L, 0L, 6L * PointsPerInterval), (status.Batches, status.Sent, status.Dropped));
        Assert.StartsWith("cannot connect:", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnInterval_ServerNeverAnswers_TimesOutAndRetriesThenDropsAtTheFlushDeadline()
    {
        await using var server = await Receiver.StartAsync((-1, ""));
        var time = new FakeTimeProvider();
        var options = Fake(time, flush: TimeSpan.Zero) with { RequestTimeout = TimeSpan.FromMilliseconds(100) };
        await using var output = new InfluxDbOutput(new Uri(server.BaseUrl, "k6").ToString(), options);
        var backoff = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        output.BackingOff += delay => backoff.TrySetResult(delay);

        output.OnInterval(Interval(1), default);
        await backoff.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("no answer within 0.1 s", output.Status.LastError);
        Assert.Equal(1, output.Status.Retries);
        await output.FlushAsync();
        Assert.Equal(PointsPerInterval, output.Status.Dropped);
        Assert.Equal("no answer within 0.1 s (not everything was sent within the flush timeout of 0 s)", output.Status.LastError);
    }

    [Fact]
    public async Task OnInterval_BehindByManyIntervals_SendsThemInOneRequest()
    {
        await using var server = await Receiver.StartAsync((503, ""));
        var time = new FakeTimeProvider();
        await using var output = new InfluxDbOutput(new Uri(server.BaseUrl, "k6").ToString(), Fake(time));
        var backoff = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        output.BackingOff += delay => backoff.TrySetResult(delay);

        output.OnInterval(Interval(1), default);
        var delay = await backoff.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var second = 2; second <= 4; second++)
        {
            output.OnInterval(Interval(second, requests: second), default);
        }

        time.Advance(delay);
        await server.NextAsync();
        var retried = await server.NextAsync();
        var batch = await server.NextAsync();
        await output.FlushAsync();

        Assert.Single(Lines(retried.Body), l => l.StartsWith("http_reqs", StringComparison.Ordinal));
        Assert.Equal(3, Lines(batch.Body).Count(l => l.StartsWith("http_reqs", StringComparison.Ordinal)));
        Assert.Equal((2L, 4L * PointsPerInterval, 0L), (output.Status.Batches, output.Status.Sent, output.Status.Dropped));
    }

    [Fact]
    public async Task OnInterval_TwoIntervalsEndingInTheSameMillisecond_StampsTheSecondOneMillisecondLater()
    {
        await using var server = await Receiver.StartAsync();
        await using var output = new InfluxDbOutput(new Uri(server.BaseUrl, "k6").ToString(), Fake(new FakeTimeProvider()));

        output.OnInterval(Interval(1), default);
        output.OnInterval(Snapshots.Of(Snapshots.Time.AddSeconds(1), TimeSpan.FromMilliseconds(0.2),
            Snapshots.Counter(BuiltinMetrics.HttpReqs, 1, ("name", "x"))), default);
        await output.FlushAsync();

        var lines = new List<string>();
        for (var i = 0; i < server.Received; i++)
        {
            lines.AddRange(Lines((await server.NextAsync()).Body));
        }

        var end = Snapshots.Time.AddSeconds(1).ToUnixTimeMilliseconds();
        var stamps = lines.Where(l => l.StartsWith("http_reqs", StringComparison.Ordinal)).Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..]));
        Assert.Equal([end, end + 1], stamps);
    }

    [Theory]
    [InlineData(0, 1000, 500, 1000)]
    [InlineData(1, 1000, 1000, 2000)]
    [InlineData(3, 1000, 4000, 8000)]
    [InlineData(10, 1000, 15000, 30000)]
    public void Backoff_ConsecutiveFailures_DoublesUpToTheMaximumWithJitterInTheUpperHalf(int failures, int initialMs, int lowMs, int highMs)
    {
        var options = new DeliveryOptions { InitialBackoff = TimeSpan.FromMilliseconds(initialMs), MaxBackoff = TimeSpan.FromSeconds(30) };

        Assert.Equal(TimeSpan.FromMilliseconds(lowMs), BatchingOutput.Backoff(options, failures, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(highMs), BatchingOutput.Backoff(options, failures, 1));
    }

    private static string[] Lines(byte[] body) => Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

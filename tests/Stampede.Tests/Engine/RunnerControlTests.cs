using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Stampede.DemoTarget;
using Stampede.Engine;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Results;
using static Stampede.Tests.Engine.EngineTestKit;

namespace Stampede.Tests.Engine;

public class RunnerControlTests
{
    [Fact]
    public async Task Stop_WhileRunning_InFlightIterationsFinishAndNoNewOnesStart()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var starts = new ConcurrentQueue<double>();
        var started = new SemaphoreSlim(0);
        var plan = Plan(new ConstantVusConfig(2, TimeSpan.FromMinutes(1)), async (vu, ct) =>
        {
            starts.Enqueue(time.GetElapsedTime(origin).TotalMilliseconds);
            started.Release();
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        });
        var runner = new Runner(plan, Options(time));

        var run = runner.RunAsync();
        await WaitFor(started, 2);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await WaitFor(started, 2);
        }

        time.Advance(TimeSpan.FromMilliseconds(50));
        runner.Stop();
        runner.Stop();
        time.Advance(TimeSpan.FromMilliseconds(50));
        var result = await run.WaitAsync(Patience);

        // Iterations began at 0, 100, 200 and 300 ms on both VUs; the ones begun at 300 ms finished within the graceful stop.
        Assert.Equal("stopped", result.Run.Outcome);
        Assert.Equal([0.0, 0, 100, 100, 200, 200, 300, 300], starts.Order());
        Assert.Equal(8, result.Total(BuiltinMetrics.Iterations)!.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(400), result.Run.Duration);
        Assert.True(result.Accounting.Balanced);
    }

    [Fact]
    public async Task Stop_ArrivalRate_ReleasesNothingAfterItAndCancelsAfterTheGracefulStop()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var released = new SemaphoreSlim(0);
        var begun = 0;
        var plan = Plan(new ConstantArrivalRateConfig(10, TimeSpan.FromMinutes(1), 5, 5) { GracefulStop = TimeSpan.FromSeconds(1) },
            async (vu, ct) =>
            {
                Interlocked.Increment(ref begun);
                await Task.Delay(Timeout.Infinite, ct);
            });
        var runner = new Runner(plan, Options(time, (_, _) => released.Release()));

        var run = runner.RunAsync();
        await WaitFor(released, 1);
        for (var i = 0; i < 2; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await WaitFor(released, 1);
        }

        time.Advance(TimeSpan.FromMilliseconds(50));
        runner.Stop();
        await RateControlTests.AdvanceTo(time, origin, 1300);
        var result = await run.WaitAsync(Patience);

        // Released at 0, 100 and 200 ms; stopped at 250 ms; cut off by the hard stop one graceful stop later.
        Assert.Equal("stopped", result.Run.Outcome);
        Assert.Equal(3, Volatile.Read(ref begun));
        Assert.Null(result.Total(BuiltinMetrics.Iterations));
        Assert.Equal(0, result.Generator.DroppedIterations);
        Assert.InRange(result.Run.Duration, TimeSpan.FromMilliseconds(1250), TimeSpan.FromMilliseconds(1300));
        Assert.All(result.Series, s => Assert.Equal(0, s.TargetRate)); // every interval ended after the stop: no more aim
    }

    [Fact]
    public async Task Stop_BeforeTheRun_RunEndsAsSoonAsItStarts()
    {
        var iterations = 0;
        var plan = new TestPlanBuilder()
            .Scenario("now", new ConstantVusConfig(2, TimeSpan.FromMinutes(1)), (_, _) =>
            {
                Interlocked.Increment(ref iterations);
                return ValueTask.CompletedTask;
            })
            .Scenario("later", new ConstantVusConfig(1, TimeSpan.FromMinutes(1)) { StartTime = TimeSpan.FromMinutes(1) },
                (_, _) => ValueTask.CompletedTask)
            .Build();
        var runner = new Runner(plan, Options(new FakeTimeProvider()));

        runner.Stop();
        var result = await runner.RunAsync().WaitAsync(Patience);

        Assert.Equal("stopped", result.Run.Outcome);
        Assert.Equal(0, Volatile.Read(ref iterations));
        Assert.Equal(TimeSpan.Zero, result.Run.Duration);
    }

    [Fact]
    public async Task Stop_AfterTheRun_ChangesNothing()
    {
        var plan = Plan(new SharedIterationsConfig(2, 10), (_, _) => ValueTask.CompletedTask);
        var runner = new Runner(plan, Options(new FakeTimeProvider()));
        var result = await runner.RunAsync().WaitAsync(Patience);

        runner.Stop();

        Assert.Equal("completed", result.Run.Outcome);
        Assert.Same(result, runner.Snapshot());
        Assert.Equal(10, runner.Snapshot().Total(BuiltinMetrics.Iterations)!.Count);
    }

    [Fact]
    public async Task RunAsync_Twice_ThrowsSayingToCreateANewRunner()
    {
        var runner = new Runner(Plan(new SharedIterationsConfig(1, 1), (_, _) => ValueTask.CompletedTask), Options(new FakeTimeProvider()));
        await runner.RunAsync().WaitAsync(Patience);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync());

        Assert.Contains("create a new Runner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_BeforeTheRun_ThrowsSayingWhen()
    {
        var runner = new Runner(Plan(new SharedIterationsConfig(1, 1), (_, _) => ValueTask.CompletedTask), Options(new FakeTimeProvider()));

        var error = Assert.Throws<InvalidOperationException>(runner.Snapshot);

        Assert.Contains("the run has not started yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_MidRun_ConsistentSoFarWhileTheRunGoesOn()
    {
        await using var target = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] });
        var health = new HttpRequestDefinition { Name = "health", Method = HttpMethod.Get, Url = new(target.BaseUrl, "/health") };
        var plan = new TestPlanBuilder()
            .Scenario("browse", new ConstantVusConfig(2, TimeSpan.FromMinutes(1)), async (vu, ct) => await vu.SendAsync(health, ct))
            .Build();
        Runner? runner = null;
        var sink = new SnapshotSink(() => runner!);
        runner = new Runner(plan, new RunnerOptions { Sinks = [sink] });

        var run = runner.RunAsync();
        await WaitFor(sink.Collected, 2);
        var mid = runner.Snapshot();
        await WaitFor(sink.Collected, 1);
        var later = runner.Snapshot();
        runner.Stop();
        var result = await run.WaitAsync(Patience);

        // Taken on the collector's thread while the sinks still read the newest interval, and from another thread.
        foreach (var snapshot in sink.Taken.Append(mid).Append(later))
        {
            Assert.Equal("running", snapshot.Run.Outcome);
            Assert.NotEmpty(snapshot.Series);
            var end = snapshot.Series[^1].Offset + snapshot.Series[^1].Length;
            Assert.InRange(snapshot.Run.Duration - end, TimeSpan.FromTicks(-1), TimeSpan.FromTicks(1));
            Assert.True(snapshot.Accounting.Balanced);
            Assert.InRange(snapshot.Accounting.InFlightAtStop, 0, 2);
            var requests = snapshot.Total(BuiltinMetrics.HttpReqs)!.Count;
            Assert.Equal(snapshot.Accounting.Succeeded + snapshot.Accounting.Failed, requests);
            Assert.Equal(requests, snapshot.Series.Sum(s => s.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0));
            Assert.Equal(snapshot.Total(BuiltinMetrics.HttpReqDuration)!.Count, snapshot.Series.Sum(s => s.Total(BuiltinMetrics.HttpReqDuration)?.Count ?? 0));
            Assert.Equal(requests, snapshot.Total(BuiltinMetrics.HttpReqDuration)!.Histogram!.TotalCount);
            Assert.True(requests > 0, "no request in the snapshot");

            // A snapshot is a results file like any other.
            RoundTrips(snapshot);
        }

        // Reading a snapshot's histograms decodes the snapshot's copies, never the run's own (compressed) intervals.
        var key = new SeriesKey(BuiltinMetrics.HttpReqDuration.Name, mid.Series[0].Metrics.Keys.First(k => k.Metric == BuiltinMetrics.HttpReqDuration.Name).Tags);
        Assert.True(mid.Series[0].Metrics[key].Percentile(50) > 0);
        Assert.True(mid.Series[0].Metrics[key].HoldsCounts);
        Assert.False(result.Series[0].Metrics[key].HoldsCounts);
        Assert.Equal(result.Series[0].Metrics[key].Count, mid.Series[0].Metrics[key].Count);

        // Each later look extends the earlier one: the intervals it had are unchanged, and the run went on after both.
        Assert.True(later.Series.Count >= mid.Series.Count);
        for (var i = 0; i < mid.Series.Count; i++)
        {
            Assert.Equal(mid.Series[i].Offset, later.Series[i].Offset);
            Assert.Equal(mid.Series[i].Total(BuiltinMetrics.HttpReqs)?.Count, later.Series[i].Total(BuiltinMetrics.HttpReqs)?.Count);
            Assert.Equal(mid.Series[i].Total(BuiltinMetrics.HttpReqs)?.Count, result.Series[i].Total(BuiltinMetrics.HttpReqs)?.Count);
        }

        Assert.True(result.Series.Count > later.Series.Count);
        Assert.True(later.Total(BuiltinMetrics.HttpReqs)!.Count >= mid.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.Equal("stopped", result.Run.Outcome);
        Assert.True(result.Accounting.Balanced);
        Assert.Equal(0, result.Accounting.InFlightAtStop);
        Assert.True(result.Total(BuiltinMetrics.HttpReqs)!.Count >= later.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.True(result.Run.Duration < TimeSpan.FromSeconds(30), $"the run lasted {result.Run.Duration} after Stop");
    }

    private static void RoundTrips(RunResult snapshot)
    {
        var copy = ResultsFile.Deserialize(ResultsFile.Serialize(snapshot));
        Assert.Equal(snapshot.Accounting, copy.Accounting);
        Assert.Equal("running", copy.Run.Outcome);
    }

    /// <summary>Signals each interval and, at the second, takes a snapshot from inside the sink.</summary>
    private sealed class SnapshotSink(Func<Runner> runner) : ISink
    {
        private int _intervals;

        public SemaphoreSlim Collected { get; } = new(0);

        public ConcurrentBag<RunResult> Taken { get; } = [];

        public void OnInterval(IntervalSnapshot snapshot, RunProgress progress)
        {
            if (Interlocked.Increment(ref _intervals) == 2)
            {
                Taken.Add(runner().Snapshot());
            }

            Collected.Release();
        }

        public void OnCompleted(RunResult result)
        {
        }
    }
}

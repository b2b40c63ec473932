using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Stampede.Engine;
using Stampede.Engine.Executors;
using Stampede.Metrics;
using Stampede.Results;
using static Stampede.Tests.Engine.EngineTestKit;

namespace Stampede.Tests.Engine;

public class RunnerTests
{
    [Fact]
    public async Task RunAsync_ConstantArrivalRate_StartsEachIterationAtItsIntendedTime()
    {
        var time = new FakeTimeProvider();
        var started = new SemaphoreSlim(0);
        var offsets = new List<TimeSpan>();
        var origin = time.GetTimestamp();
        var plan = Plan(new ConstantArrivalRateConfig(10, TimeSpan.FromSeconds(1), 2, 2), (vu, ct) =>
        {
            lock (offsets)
            {
                offsets.Add(time.GetElapsedTime(origin));
            }

            started.Release();
            return ValueTask.CompletedTask;
        });

        var run = new Runner(plan, Options(time)).RunAsync();
        for (var i = 0; i < 10; i++)
        {
            await WaitFor(started, 1);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var result = await run.WaitAsync(Patience);

        Assert.Equal(10, result.Total(BuiltinMetrics.Iterations)!.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => TimeSpan.FromMilliseconds(100 * i)), offsets.Order());
        Assert.Equal(0, result.Generator.DroppedIterations);
        Assert.Equal("completed", result.Run.Outcome);
        Assert.All(result.Series, s => Assert.Equal(10, s.TargetRate));
    }

    [Fact]
    public async Task RunAsync_ArrivalRateWithNoFreeVu_CountsDroppedIterationsInsteadOfQueueing()
    {
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paced = new ManualResetEventSlim();
        var plan = Plan(new ConstantArrivalRateConfig(10, TimeSpan.FromSeconds(1), 2, 2), async (vu, ct) => await release.Task);

        var first = new ManualResetEventSlim();
        var run = new Runner(plan, Options(time, (_, n) =>
        {
            if (n == 1)
            {
                first.Set();
            }

            if (n == 10)
            {
                paced.Set();
            }
        })).RunAsync();

        // The schedule starts when the pacer does: move the clock only once it has.
        Assert.True(first.Wait(Patience), "the pacer did not start");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(paced.Wait(Patience), "the pacer did not handle all 10 releases");
        release.SetResult();
        var result = await run.WaitAsync(Patience);

        Assert.Equal(2, result.Total(BuiltinMetrics.Iterations)!.Count);
        Assert.Equal(8, result.Generator.DroppedIterations);
        Assert.Equal(8, result.Total(BuiltinMetrics.DroppedIterations)!.Sum);
        Assert.Contains(result.Generator.Warnings, w => w.Contains("8 iterations were dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ArrivalRateBelowMaxVus_CreatesVusAsNeeded()
    {
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paced = new ManualResetEventSlim();
        var vuIds = new HashSet<int>();
        var plan = Plan(new ConstantArrivalRateConfig(5, TimeSpan.FromSeconds(1), 1, 10), async (vu, ct) =>
        {
            lock (vuIds)
            {
                vuIds.Add(vu.Id);
            }

            await release.Task;
        });

        var first = new ManualResetEventSlim();
        var run = new Runner(plan, Options(time, (_, n) =>
        {
            if (n == 1)
            {
                first.Set();
            }

            if (n == 5)
            {
                paced.Set();
            }
        })).RunAsync();
        Assert.True(first.Wait(Patience), "the pacer did not start");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(paced.Wait(Patience));
        release.SetResult();
        var result = await run.WaitAsync(Patience);

        Assert.Equal(5, result.Total(BuiltinMetrics.Iterations)!.Count);
        Assert.Equal(5, vuIds.Count);
        Assert.Equal(0, result.Generator.DroppedIterations);
    }

    [Fact]
    public async Task RunAsync_PerVuIterations_EachVuRunsItsShare()
    {
        var counts = new Dictionary<int, int>();
        var plan = Plan(new PerVuIterationsConfig(3, 4), (vu, ct) =>
        {
            lock (counts)
            {
                counts[vu.Id] = counts.GetValueOrDefault(vu.Id) + 1;
            }

            return ValueTask.CompletedTask;
        });

        var result = await new Runner(plan, Options(new FakeTimeProvider())).RunAsync().WaitAsync(Patience);

        Assert.Equal(12, result.Total(BuiltinMetrics.Iterations)!.Count);
        Assert.Equal([4, 4, 4], counts.Values);
    }

    [Fact]
    public async Task RunAsync_SharedIterations_RunsExactlyTheTotal()
    {
        var total = 0;
        var plan = Plan(new SharedIterationsConfig(3, 7), (vu, ct) =>
        {
            Interlocked.Increment(ref total);
            return ValueTask.CompletedTask;
        });

        var result = await new Runner(plan, Options(new FakeTimeProvider())).RunAsync().WaitAsync(Patience);

        Assert.Equal(7, total);
        Assert.Equal(7, result.Total(BuiltinMetrics.Iterations)!.Count);
    }

    [Fact]
    public async Task RunAsync_IterationOutlivesGracefulStop_IsInterruptedNotCounted()
    {
        var time = new FakeTimeProvider();
        var started = new SemaphoreSlim(0);
        var plan = Plan(new ConstantVusConfig(2, TimeSpan.FromSeconds(1)) { GracefulStop = TimeSpan.FromMilliseconds(500) }, async (vu, ct) =>
        {
            started.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        });

        var run = new Runner(plan, Options(time)).RunAsync();
        await WaitFor(started, 2);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        var result = await run.WaitAsync(Patience);

        Assert.Null(result.Total(BuiltinMetrics.Iterations));
        Assert.Equal("completed", result.Run.Outcome);
    }

    [Fact]
    public async Task RunAsync_IterationWithinGracefulStop_Completes()
    {
        var time = new FakeTimeProvider();
        var started = new SemaphoreSlim(0);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var plan = Plan(new ConstantVusConfig(1, TimeSpan.FromSeconds(1)), async (vu, ct) =>
        {
            started.Release();
            await finish.Task.WaitAsync(ct);
        });

        var run = new Runner(plan, Options(time)).RunAsync();
        await WaitFor(started, 1);
        time.Advance(TimeSpan.FromSeconds(2));
        finish.SetResult();
        var result = await run.WaitAsync(Patience);

        Assert.Equal(1, result.Total(BuiltinMetrics.Iterations)!.Count);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsPartialResultMarkedInterrupted()
    {
        var started = new SemaphoreSlim(0);
        using var cts = new CancellationTokenSource();
        var plan = Plan(new ConstantVusConfig(1, TimeSpan.FromHours(1)), async (vu, ct) =>
        {
            started.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        });

        var run = new Runner(plan, Options(new FakeTimeProvider())).RunAsync(cts.Token);
        await WaitFor(started, 1);
        await cts.CancelAsync();
        var result = await run.WaitAsync(Patience);

        Assert.Equal("interrupted", result.Run.Outcome);
    }

    [Fact]
    public async Task RunAsync_BodyThrows_RecordsErrorAndKeepsRunning()
    {
        var calls = 0;
        var plan = Plan(new SharedIterationsConfig(1, 3), (vu, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                throw new InvalidOperationException("boom");
            }

            return ValueTask.CompletedTask;
        });

        var result = await new Runner(plan, Options(new FakeTimeProvider())).RunAsync().WaitAsync(Patience);

        Assert.Equal(3, calls);
        Assert.Equal(1, result.Errors.Counts[ErrorKind.Other]);
        Assert.Contains(result.Errors.Messages, m => m.Message.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_StartTime_DelaysScenario()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var startedAt = TimeSpan.MinValue;
        var plan = Plan(new SharedIterationsConfig(1, 1) { StartTime = TimeSpan.FromSeconds(5) }, (vu, ct) =>
        {
            startedAt = time.GetElapsedTime(origin);
            return ValueTask.CompletedTask;
        });

        var run = new Runner(plan, Options(time)).RunAsync();
        time.Advance(TimeSpan.FromSeconds(4));
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(Patience);

        // The clock only ever reads 0, 4 or 5 s: the iteration ran once it read 5 s, not before.
        Assert.Equal(TimeSpan.FromSeconds(5), startedAt);
        Assert.Equal(1, result.Total(BuiltinMetrics.Iterations)!.Count);
    }

    [Fact]
    public async Task RunAsync_RampingVus_FollowsStagesAndStopsItself()
    {
        // Real clock, bounded: ramp to 3 VUs over 300 ms, hold 300 ms, then down to 0 over 300 ms.
        var vuIds = new HashSet<int>();
        var plan = Plan(new RampingVusConfig(0, [
            new Stage(TimeSpan.FromMilliseconds(300), 3),
            new Stage(TimeSpan.FromMilliseconds(300), 3),
            new Stage(TimeSpan.FromMilliseconds(300), 0),
        ]), async (vu, ct) =>
        {
            lock (vuIds)
            {
                vuIds.Add(vu.Id);
            }

            await Task.Delay(5, CancellationToken.None);
        });

        var result = await new Runner(plan, Options(TimeProvider.System)).RunAsync().WaitAsync(Patience);

        Assert.Equal([1, 2, 3], vuIds.Order());
        Assert.True(result.Total(BuiltinMetrics.Iterations)!.Count > 10);
        Assert.Equal(3, result.Total(BuiltinMetrics.VusMax)!.Max);
        Assert.Equal(0, result.Series[^1].Vus);
        Assert.All(result.Series, s => Assert.Null(s.TargetRate));
    }

    [Fact]
    public async Task RunAsync_ExternallyControlled_VusFollowTheControlWhileRunning()
    {
        var seen = new ConcurrentDictionary<int, bool>();
        var threeSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recording = 0;
        var lateStarts = new ConcurrentBag<int>();
        var plan = Plan(new ExternallyControlledConfig(1, 3, TimeSpan.FromMinutes(1)), async (vu, ct) =>
        {
            if (Volatile.Read(ref recording) == 1)
            {
                lateStarts.Add(vu.Id);
            }

            if (seen.TryAdd(vu.Id, true) && seen.Count == 3)
            {
                threeSeen.TrySetResult();
            }

            await Task.Delay(5, ct);
        });
        long ticks = 0;
        var tick = new SemaphoreSlim(0);
        var runner = new Runner(plan, Options(TimeProvider.System, (_, n) =>
        {
            Volatile.Write(ref ticks, n);
            tick.Release();
        }));
        var control = runner.Control("s");
        using var stop = new CancellationTokenSource();

        var run = runner.RunAsync(stop.Token);
        control.SetVus(3);
        await threeSeen.Task.WaitAsync(Patience);
        control.SetVus(1);
        await Ticks(3);
        Volatile.Write(ref recording, 1);
        await Ticks(4);
        await stop.CancelAsync();
        var result = await run.WaitAsync(Patience);

        // After the controller's next looks, only the VU that stayed starts iterations.
        Assert.Equal([1], lateStarts.Distinct());
        Assert.Equal(3, result.Total(BuiltinMetrics.VusMax)!.Max);
        Assert.Throws<ArgumentOutOfRangeException>(() => control.SetVus(4));
        Assert.Throws<ArgumentException>(() => runner.Control("other"));

        async Task Ticks(int count)
        {
            var target = Volatile.Read(ref ticks) + count;
            while (Volatile.Read(ref ticks) < target)
            {
                Assert.True(await tick.WaitAsync(Patience), "the VU controller stopped looking");
            }
        }
    }

    [Fact]
    public async Task RunAsync_RampingVus_StartsAndStopsEachVuWhereTheRampSays()
    {
        // 1 → 3 VUs over 1 s, hold 1 s, 3 → 0 over 1 s; each iteration waits 100 ms of fake time.
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var iterations = new ConcurrentQueue<(int Vu, double AtMs)>();
        var steps = new SemaphoreSlim(0);
        var firstIterations = new SemaphoreSlim(0);
        var seen = new ConcurrentDictionary<int, bool>();
        long lastStep = 0;
        var plan = Plan(new RampingVusConfig(1, [
            new Stage(TimeSpan.FromSeconds(1), 3),
            new Stage(TimeSpan.FromSeconds(1), 3),
            new Stage(TimeSpan.FromSeconds(1), 0),
        ]), async (vu, ct) =>
        {
            iterations.Enqueue((vu.Id, time.GetElapsedTime(origin).TotalMilliseconds));
            if (seen.TryAdd(vu.Id, true))
            {
                firstIterations.Release();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        });

        var run = new Runner(plan, Options(time, (_, n) =>
        {
            Volatile.Write(ref lastStep, n);
            steps.Release();
        })).RunAsync();

        // The controller looks at the ramp every 50 ms: move the clock one look at a time, each only once
        // the previous look is done (and a VU it started has begun), so every start and stop has a known time.
        for (var step = 1; step <= 60; step++)
        {
            while (Volatile.Read(ref lastStep) < step)
            {
                Assert.True(await steps.WaitAsync(Patience), $"the ramp controller did not finish step {step}");
            }

            if (step is 1 or 11 or 21)
            {
                Assert.True(await firstIterations.WaitAsync(Patience), $"no new VU began at step {step}");
            }

            time.Advance(RampingVusExecutor.Tick);
        }

        var result = await run.WaitAsync(Patience);

        var byVu = iterations.GroupBy(i => i.Vu).ToDictionary(g => g.Key, g => g.Select(i => i.AtMs).Order().ToList());
        Assert.Equal([1, 2, 3], byVu.Keys.Order());
        // Wanted VUs are floor(1 + 2t) while ramping up: the second from 500 ms, the third from 1 s.
        Assert.Equal(0, byVu[1][0]);
        Assert.Equal(500, byVu[2][0]);
        Assert.Equal(1000, byVu[3][0]);
        // Ramping down, floor(3 − 3t) drops below 3 at 2.05 s, below 2 at 2.35 s, below 1 at 2.7 s; the last
        // VU started is the first stopped, and a stopped VU starts no further iteration. (An iteration due
        // just before a stop may begin a step or two late, hence the lower bounds' slack.)
        Assert.InRange(byVu[3][^1], 1850, 2050);
        Assert.InRange(byVu[2][^1], 2150, 2350);
        Assert.InRange(byVu[1][^1], 2500, 2700);
        Assert.True(byVu[3].Count >= 5, $"VU 3 ran {byVu[3].Count} iterations while it was wanted for 1 s");
        Assert.Equal(3, result.Total(BuiltinMetrics.VusMax)!.Max);
        Assert.Equal(0, result.Series[^1].Vus);
        Assert.Equal("completed", result.Run.Outcome);
    }

    [Fact]
    public async Task RunAsync_AbortOnFailThresholdCrossed_StopsTheRunAsAborted()
    {
        // An hour-long scenario; the threshold is crossed in its first interval, after the 2 s delay.
        var plan = new TestPlanBuilder()
            .Scenario("s", new ConstantVusConfig(2, TimeSpan.FromHours(1)), async (vu, ct) => await Task.Delay(5, ct))
            .Threshold("iterations", "count<10")
            .Build();
        plan = plan with { Thresholds = [plan.Thresholds[0] with { AbortOnFail = true, DelayAbortEval = TimeSpan.FromSeconds(2) }] };

        var result = await new Runner(plan, Options(TimeProvider.System)).RunAsync().WaitAsync(Patience);

        Assert.Equal("aborted", result.Run.Outcome);
        Assert.InRange(result.Run.Duration, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        var verdict = Assert.Single(result.Thresholds);
        Assert.False(verdict.Passed);
        Assert.True(verdict.Observed >= 10);
        Assert.InRange(verdict.AbortedAt!.Value, TimeSpan.FromSeconds(2), result.Run.Duration);
        Assert.Contains(result.Generator.Warnings, w => w.Contains("threshold `iterations: count<10` crossed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ThresholdWithoutAbort_JudgedAtTheEndOnly()
    {
        var plan = new TestPlanBuilder()
            .Scenario("s", new PerVuIterationsConfig(1, 20), (vu, ct) => ValueTask.CompletedTask)
            .Threshold("iterations", "count<10")
            .Threshold("iterations", "count==20")
            .Build();

        var result = await new Runner(plan, Options(TimeProvider.System)).RunAsync().WaitAsync(Patience);

        Assert.Equal("completed", result.Run.Outcome);
        Assert.Equal([false, true], result.Thresholds.Select(t => t.Passed));
        Assert.Equal(20, result.Thresholds[0].Observed);
    }

    [Fact]
    public async Task RunAsync_Thresholds_JudgedLiveForSinksEveryInterval()
    {
        var plan = new TestPlanBuilder()
            .Scenario("s", new ConstantVusConfig(1, TimeSpan.FromMilliseconds(600)), async (vu, ct) => await Task.Delay(2, ct))
            .Threshold("iterations", "count>0")
            .Threshold("iterations", "count<1")
            .Threshold("iteration_duration{scenario:nothing}", "avg<1")
            .Build() with
        { Interval = TimeSpan.FromMilliseconds(100) };
        var sink = new ProgressSink();

        var result = await new Runner(plan, EngineTestKit.Options(TimeProvider.System) with { Sinks = [sink] }).RunAsync().WaitAsync(Patience);

        Assert.NotEmpty(sink.Standings);
        var last = sink.Standings[^1];
        Assert.Equal(3, last.Count);
        Assert.Equal((true, false), (last[0]!.Passed, last[1]!.Passed));
        Assert.True(last[1]!.Observed >= 1);
        Assert.Null(last[2]);
        Assert.Equal([true, false, false], result.Thresholds.Select(t => t.Passed));
    }

    private sealed class ProgressSink : ISink
    {
        public List<IReadOnlyList<Stampede.Thresholds.ThresholdResult?>> Standings { get; } = [];

        public void OnInterval(IntervalSnapshot snapshot, RunProgress progress) => Standings.Add(progress.Thresholds);

        public void OnCompleted(RunResult result)
        {
        }
    }

    [Fact]
    public void Constructor_InvalidPlan_ReportsEveryProblem()
    {
        var plan = new TestPlan
        {
            Scenarios =
            [
                new Scenario { Name = "a", Executor = new ConstantVusConfig(0, TimeSpan.Zero), Body = new DelegateBody((_, _) => ValueTask.CompletedTask) },
                new Scenario { Name = "b", Executor = new ConstantArrivalRateConfig(-1, TimeSpan.FromSeconds(1), 5, 2), Body = new DelegateBody((_, _) => ValueTask.CompletedTask) },
            ],
        };

        var error = Assert.Throws<InvalidInputException>(() => new Runner(plan));

        Assert.Contains("scenarios.a: vus must be greater than 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("scenarios.a: duration must be a positive duration", error.Message, StringComparison.Ordinal);
        Assert.Contains("scenarios.b: rate must be greater than 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("scenarios.b: maxVUs (2) must be at least preAllocatedVUs (5)", error.Message, StringComparison.Ordinal);
    }

}

public class RunnerInterruptTests
{
    [Fact]
    public async Task RunAsync_InterruptedWithManyVus_EachVuStartsNoNewIteration()
    {
        var started = new SemaphoreSlim(0);
        var afterInterrupt = 0;
        using var cts = new CancellationTokenSource();
        var plan = EngineTestKit.Plan(new ConstantVusConfig(5, TimeSpan.FromHours(1)), async (vu, ct) =>
        {
            if (ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref afterInterrupt);
            }

            started.Release();
            await Task.Yield();
        });

        var run = new Runner(plan, EngineTestKit.Options(TimeProvider.System)).RunAsync(cts.Token);
        await EngineTestKit.WaitFor(started, 100);
        await cts.CancelAsync();
        var result = await run.WaitAsync(EngineTestKit.Patience);

        Assert.Equal("interrupted", result.Run.Outcome);
        Assert.True(afterInterrupt <= 5, $"{afterInterrupt} iterations began after the interrupt");
    }
}

using Microsoft.Extensions.Time.Testing;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;
using static Stampede.Tests.Engine.EngineTestKit;

namespace Stampede.Tests.Engine;

public class RateControlTests
{
    [Fact]
    public async Task SetRate_WhileRunning_ReanchorsTheScheduleWithoutBurstOrLoss()
    {
        // 10/s from 0; 20/s from 0.55 s; paused from 1.25 s; 10/s again from 2.25 s; the scenario lasts 3 s.
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var intended = new List<double>();
        var released = new SemaphoreSlim(0);
        var plan = Plan(new ConstantArrivalRateConfig(10, TimeSpan.FromSeconds(3), 4, 4), (vu, ct) =>
        {
            var at = vu.TakeIntendedStart(long.MaxValue);
            lock (intended)
            {
                intended.Add(Math.Round(time.GetElapsedTime(origin, at).TotalMilliseconds, 3));
            }

            return ValueTask.CompletedTask;
        });
        var intervals = new IntervalSignal();
        var runner = new Runner(plan, Options(time, (_, _) => released.Release()) with { Sinks = [intervals] });
        var control = runner.RateControl("s");

        var run = runner.RunAsync();
        await WaitFor(released, 1);
        await AdvanceTo(time, origin, 550);
        control.SetRate(20);
        await AdvanceTo(time, origin, 1000);
        await WaitFor(intervals.Collected, 1);
        await AdvanceTo(time, origin, 1250);
        control.SetRate(0);
        await AdvanceTo(time, origin, 2000);
        await WaitFor(intervals.Collected, 1);
        await AdvanceTo(time, origin, 2250);
        control.SetRate(10);
        await AdvanceTo(time, origin, 3000);
        var result = await run.WaitAsync(Patience);

        // Iteration n is due when the integral of the rate reaches n: 5.5 were due at 0.55 s, so the 7th (n = 6) comes
        // 25 ms after the change; 19.5 at the pause, so after it the next is due 50 ms into the new 10/s.
        double[] expected =
        [
            .. Enumerable.Range(0, 6).Select(n => 100.0 * n),
            .. Enumerable.Range(0, 14).Select(k => 575.0 + (50 * k)),
            .. Enumerable.Range(0, 7).Select(k => 2300.0 + (100 * k)),
        ];
        Assert.Equal(expected, intended.Order());
        Assert.Equal(expected.Length, result.Total(BuiltinMetrics.Iterations)!.Count);
        Assert.Equal(0, result.Generator.DroppedIterations);
        Assert.Equal(
        [
            new LoadChange(TimeSpan.FromMilliseconds(550), "s", LoadChange.Rate, 10, 20),
            new LoadChange(TimeSpan.FromMilliseconds(1250), "s", LoadChange.Rate, 20, 0),
            new LoadChange(TimeSpan.FromMilliseconds(2250), "s", LoadChange.Rate, 0, 10),
        ], result.Changes);

        // The collector's target follows the control: 20/s at the end of the first second, paused at the end of the second.
        Assert.Equal([20.0, 0.0], result.Series.Take(2).Select(s => s.TargetRate!.Value));
        Assert.Equal(10, control.Rate);
    }

    [Fact]
    public async Task SetRate_FromALowRate_TakesEffectWithoutWaitingForTheFarOffIteration()
    {
        // At 0.1/s the second iteration is 10 s away; raised to 100/s at 1 s, iterations come every 10 ms from then.
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var intended = new List<double>();
        var released = new SemaphoreSlim(0);
        var plan = Plan(new ConstantArrivalRateConfig(0.1, TimeSpan.FromSeconds(2), 2, 2), (vu, ct) =>
        {
            lock (intended)
            {
                intended.Add(Math.Round(time.GetElapsedTime(origin, vu.TakeIntendedStart(long.MaxValue)).TotalMilliseconds, 3));
            }

            return ValueTask.CompletedTask;
        });
        var runner = new Runner(plan, Options(time, (_, _) => released.Release()));

        var run = runner.RunAsync();
        await WaitFor(released, 1);
        await AdvanceTo(time, origin, 1000);
        runner.RateControl("s").SetRate(100);

        // Move the clock 10 ms at a time, each only after the previous release: the pacer looks again within a look.
        for (var i = 1; i <= 5; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await WaitFor(released, 1);
        }

        runner.Stop();
        var result = await run.WaitAsync(Patience);

        // 0.1 iterations were due at the change, so the next is due after 0.9 / 100 s.
        Assert.Equal([0, 1009, 1019, 1029, 1039, 1049], intended.Order());
        Assert.Equal("stopped", result.Run.Outcome);
    }

    [Fact]
    public async Task SetMaxVus_WhileRunning_MoreVusMayBeCreated()
    {
        // Iterations never end by themselves: with 1 VU every later release is dropped, until maxVUs is raised.
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var released = new SemaphoreSlim(0);
        var plan = Plan(new ConstantArrivalRateConfig(10, TimeSpan.FromSeconds(1), 1, 1) { GracefulStop = TimeSpan.Zero },
            async (vu, ct) => await Task.Delay(Timeout.Infinite, ct));
        var runner = new Runner(plan, Options(time, (_, _) => released.Release()));
        var control = runner.RateControl("s");

        var run = runner.RunAsync();
        await WaitFor(released, 1);
        for (var due = 100; due < 1000; due += 100)
        {
            if (due == 300)
            {
                time.Advance(TimeSpan.FromMilliseconds(50));
                control.SetMaxVus(3);
                time.Advance(TimeSpan.FromMilliseconds(50));
            }
            else
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
            }

            await WaitFor(released, 1);
        }

        time.Advance(TimeSpan.FromMilliseconds(100));
        var result = await run.WaitAsync(Patience);

        // Due at 0, 100 … 900 ms: the one at 0 runs, 100 and 200 are dropped, 300 and 400 get new VUs, the rest are dropped.
        Assert.Equal(7, result.Generator.DroppedIterations);
        Assert.Equal(3, result.Total(BuiltinMetrics.VusMax)!.Max);
        Assert.Equal([new LoadChange(TimeSpan.FromMilliseconds(250), "s", LoadChange.MaxVus, 1, 3)], result.Changes);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void SetRate_Invalid_ThrowsNamingTheRuleAndTheValue(double rate)
    {
        var runner = new Runner(Plan(new ConstantArrivalRateConfig(10, TimeSpan.FromSeconds(1), 1, 1), (_, _) => ValueTask.CompletedTask),
            Options(new FakeTimeProvider()));
        var control = runner.RateControl("s");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => control.SetRate(rate));

        Assert.Contains("scenario `s`: the rate must be 0 (pause) or a positive, finite number of iterations per second", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(got {rate})", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, control.Rate);
    }

    [Fact]
    public void SetMaxVus_BelowPreAllocated_ThrowsWithTheRule()
    {
        var runner = new Runner(Plan(new ConstantArrivalRateConfig(10, TimeSpan.FromSeconds(1), 5, 10), (_, _) => ValueTask.CompletedTask),
            Options(new FakeTimeProvider()));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => runner.RateControl("s").SetMaxVus(4));

        Assert.Contains("maxVUs must be at least preAllocatedVUs (5)", error.Message, StringComparison.Ordinal);
        Assert.Contains("(got 4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RateControl_PerSecondWhateverTheTimeUnit()
    {
        var runner = new Runner(Plan(new ConstantArrivalRateConfig(120, TimeSpan.FromSeconds(1), 1, 1) { TimeUnit = TimeSpan.FromMinutes(1) },
            (_, _) => ValueTask.CompletedTask), Options(new FakeTimeProvider()));

        Assert.Equal(2, runner.RateControl("s").Rate);
        Assert.Equal(["s"], runner.RateControls.Select(c => c.Scenario));
        Assert.Empty(runner.VuControls);
    }

    [Fact]
    public void RateControl_NotConstantArrivalRate_ThrowsNamingTheControllableOnes()
    {
        var plan = new TestPlanBuilder()
            .Scenario("api", new ConstantArrivalRateConfig(10, TimeSpan.FromSeconds(1), 1, 1), (_, _) => ValueTask.CompletedTask)
            .Scenario("browse", new ConstantVusConfig(1, TimeSpan.FromSeconds(1)), (_, _) => ValueTask.CompletedTask)
            .Build();
        var runner = new Runner(plan, Options(new FakeTimeProvider()));

        var error = Assert.Throws<ArgumentException>(() => runner.RateControl("browse"));

        Assert.Contains("scenario `browse` has no rate control; only constant-arrival-rate scenarios do: api", error.Message, StringComparison.Ordinal);
    }

    private sealed class IntervalSignal : ISink
    {
        public SemaphoreSlim Collected { get; } = new(0);

        public void OnInterval(IntervalSnapshot snapshot, RunProgress progress) => Collected.Release();

        public void OnCompleted(RunResult result)
        {
        }
    }

    // Moves the fake clock to `ms` after the origin in 10 ms steps, letting the pacer run between them.
    internal static async Task AdvanceTo(FakeTimeProvider time, long origin, double ms)
    {
        while (time.GetElapsedTime(origin).TotalMilliseconds < ms)
        {
            var left = ms - time.GetElapsedTime(origin).TotalMilliseconds;
            time.Advance(TimeSpan.FromMilliseconds(Math.Min(10, left)));
            await Task.Delay(1);
        }
    }
}

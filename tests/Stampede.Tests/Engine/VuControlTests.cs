using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Stampede.Engine;
using Stampede.Engine.Executors;
using Stampede.Metrics;
using Stampede.Results;
using static Stampede.Tests.Engine.EngineTestKit;

namespace Stampede.Tests.Engine;

public class VuControlTests
{
    [Fact]
    public void SetVus_WithSpawnRate_CountMovesAtThatPaceBothWays()
    {
        var time = new FakeTimeProvider();
        var control = new VuControl("s", 2, 20, new LoadChangeLog(time));
        control.Begin(time.GetTimestamp());

        control.SetVus(10, 4);
        var up = Counts(time, control, TimeSpan.FromMilliseconds(250), 10);
        control.SetVus(0, 8);
        var down = Counts(time, control, TimeSpan.FromMilliseconds(125), 10);

        // 4 VUs/s: one more every 250 ms from 2 until 10; then 8 VUs/s: one fewer every 125 ms until 0.
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 10], up);
        Assert.Equal([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], down);
        Assert.Equal(0, Counts(time, control, TimeSpan.FromMilliseconds(125), 2)[^1]);
        Assert.Equal(0, control.Target);
        Assert.Equal(8, control.SpawnRate);
    }

    [Fact]
    public void SetVus_DuringARamp_NewRampStartsFromTheCountReached()
    {
        var time = new FakeTimeProvider();
        var control = new VuControl("s", 0, 100, new LoadChangeLog(time));
        control.Begin(time.GetTimestamp());
        control.SetVus(100, 10);
        time.Advance(TimeSpan.FromSeconds(3));

        control.SetVus(20, 2);

        Assert.Equal(30, control.Vus);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(26, control.Vus);
    }

    [Fact]
    public void SetVus_WithoutSpawnRate_ChangesAtOnce()
    {
        var time = new FakeTimeProvider();
        var control = new VuControl("s", 1, 50, new LoadChangeLog(time));
        control.Begin(time.GetTimestamp());
        control.SetVus(50, 1);

        control.SetVus(40);

        Assert.Equal(40, control.Vus);
        Assert.Null(control.SpawnRate);
    }

    [Fact]
    public void SetVus_SpawnRateBeforeTheStart_RampsFromTheStart()
    {
        var time = new FakeTimeProvider();
        var control = new VuControl("s", 0, 10, new LoadChangeLog(time));
        control.SetVus(10, 2);
        time.Advance(TimeSpan.FromSeconds(30));

        control.Begin(time.GetTimestamp());

        Assert.Equal(0, control.Vus);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, control.Vus);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void SetVus_SpawnRateNotPositive_ThrowsNamingTheRuleAndTheValue(double spawnRate)
    {
        var control = new VuControl("browse", 1, 10, new LoadChangeLog(new FakeTimeProvider()));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => control.SetVus(5, spawnRate));

        Assert.Equal("spawnRate", error.ParamName);
        Assert.Contains("scenario `browse`: spawnRate must be a positive number of VUs per second", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(got {spawnRate})", error.Message, StringComparison.Ordinal);
        Assert.Contains("pass null", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, control.Target);
    }

    [Fact]
    public void SetMaxVus_BelowTarget_ThrowsWithTheFix()
    {
        var control = new VuControl("browse", 5, 10, new LoadChangeLog(new FakeTimeProvider()));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => control.SetMaxVus(4));

        Assert.Contains("at least the VUs asked for now (5); lower the VUs first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetMaxVus_BelowARampStillAbove_CountCutToIt()
    {
        var time = new FakeTimeProvider();
        var control = new VuControl("s", 10, 10, new LoadChangeLog(time));
        control.Begin(time.GetTimestamp());
        control.SetVus(2, 1);

        control.SetMaxVus(5);

        Assert.Equal(5, control.Vus);
    }

    [Fact]
    public void SetVus_WhileRunning_RecordsEachEffectiveChangeWithItsTime()
    {
        var time = new FakeTimeProvider();
        var log = new LoadChangeLog(time);
        var control = new VuControl("s", 1, 10, log);
        control.SetVus(2);              // before the run: the starting point, not an event
        log.Begin(time.GetTimestamp());
        time.Advance(TimeSpan.FromSeconds(3));

        control.SetVus(8, 2);
        control.SetVus(8, 2);           // changes nothing
        time.Advance(TimeSpan.FromSeconds(1.5));
        control.SetMaxVus(20);
        log.End();
        control.SetVus(1);              // after the run

        Assert.Equal(
        [
            new LoadChange(TimeSpan.FromSeconds(3), "s", LoadChange.Vus, 2, 8),
            new LoadChange(TimeSpan.FromSeconds(3), "s", LoadChange.SpawnRate, 0, 2),
            new LoadChange(TimeSpan.FromSeconds(4.5), "s", LoadChange.MaxVus, 10, 20),
        ], log.ToArray());
    }

    [Fact]
    public async Task RunAsync_SpawnRate_ExecutorStartsAndStopsVusAtThatPace()
    {
        // 1 → 4 VUs at 10 VUs/s (one more every 100 ms), then back to 1 at once; iterations last 50 ms of fake time.
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var firstStart = new ConcurrentDictionary<int, double>();
        var lastStart = new ConcurrentDictionary<int, double>();
        var newVu = new SemaphoreSlim(0);
        long lastStep = 0;
        var steps = new SemaphoreSlim(0);
        var plan = Plan(new ExternallyControlledConfig(1, 4, TimeSpan.FromMinutes(1)), async (vu, ct) =>
        {
            var at = time.GetElapsedTime(origin).TotalMilliseconds;
            lastStart[vu.Id] = at;
            if (firstStart.TryAdd(vu.Id, at))
            {
                newVu.Release();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        });
        var runner = new Runner(plan, Options(time, (_, n) =>
        {
            Volatile.Write(ref lastStep, n);
            steps.Release();
        }));
        var control = runner.Control("s");
        control.SetVus(4, 10);

        var run = runner.RunAsync();
        for (var step = 1; step <= 12; step++)
        {
            while (Volatile.Read(ref lastStep) < step)
            {
                Assert.True(await steps.WaitAsync(Patience), $"the VU controller did not finish step {step}");
            }

            // Steps at 0, 100, 200 and 300 ms start a VU; wait until it has begun before moving the clock.
            if (step is 1 or 3 or 5 or 7)
            {
                await WaitFor(newVu, 1);
            }

            if (step == 10)
            {
                control.SetVus(1);
            }

            time.Advance(RampingVusExecutor.Tick);
        }

        runner.Stop();
        for (var i = 0; i < 10 && !run.IsCompleted; i++)
        {
            await Task.Yield();
            time.Advance(RampingVusExecutor.Tick);
            await Task.WhenAny(run, Task.Delay(20));
        }

        var result = await run.WaitAsync(Patience);

        Assert.Equal([0.0, 100, 200, 300], firstStart.OrderBy(v => v.Key).Select(v => v.Value));
        // Lowered to 1 at 450 ms, which the controller applies at its next look (500 ms): the three later VUs start no
        // iteration after it (one ending at 500 ms may begin just before the look).
        var first = firstStart.MinBy(f => f.Value).Key;
        Assert.All(lastStart.Where(v => v.Key != first), v => Assert.InRange(v.Value, 0, 500));
        Assert.Equal("stopped", result.Run.Outcome);
        Assert.Equal(
            [(LoadChange.Vus, 4.0, 1.0), (LoadChange.SpawnRate, 10.0, 0.0)],
            result.Changes.Select(c => (c.Setting, c.From, c.To)));
        Assert.All(result.Changes, c => Assert.Equal(TimeSpan.FromMilliseconds(450), c.At));
        Assert.Equal(4, result.Total(BuiltinMetrics.VusMax)!.Max);
    }

    private static List<int> Counts(FakeTimeProvider time, VuControl control, TimeSpan step, int count)
    {
        var counts = new List<int>();
        for (var i = 0; i < count; i++)
        {
            counts.Add(control.Vus);
            time.Advance(step);
        }

        return counts;
    }
}

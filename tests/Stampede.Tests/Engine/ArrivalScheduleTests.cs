using Stampede.Engine;

namespace Stampede.Tests.Engine;

public class ArrivalScheduleTests
{
    [Fact]
    public void TryGetOffset_ConstantRate_EvenlySpacedAndExactCount()
    {
        var schedule = new ArrivalSchedule(2000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        Assert.Equal(20_000, schedule.TotalIterations);
        Assert.True(schedule.TryGetOffset(0, out var first));
        Assert.Equal(TimeSpan.Zero, first);
        Assert.True(schedule.TryGetOffset(1, out var second));
        Assert.Equal(TimeSpan.FromMicroseconds(500), second);
        Assert.True(schedule.TryGetOffset(19_999, out var last));
        Assert.Equal(9.9995, last.TotalSeconds, 6);
        Assert.False(schedule.TryGetOffset(20_000, out _));
    }

    [Fact]
    public void TryGetOffset_TimeUnitMinute_ScalesRate()
    {
        var schedule = new ArrivalSchedule(60, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5));

        Assert.Equal(5, schedule.TotalIterations);
        Assert.True(schedule.TryGetOffset(3, out var offset));
        Assert.Equal(3.0, offset.TotalSeconds, 6);
    }

    [Fact]
    public void TryGetOffset_RampFromZero_FirstIterationAtTheStart()
    {
        // k6's default startRate is 0; the first iteration's root was 0 / 0 and crashed the pacer.
        var schedule = new ArrivalSchedule(0, TimeSpan.FromSeconds(1), [new Stage(TimeSpan.FromSeconds(10), 10)]);

        Assert.True(schedule.TryGetOffset(0, out var first));
        Assert.Equal(TimeSpan.Zero, first);
    }

    [Fact]
    public void TryGetOffset_LinearRamp_FollowsIntegralOfRate()
    {
        // Rate climbs 0 → 10/s over 10 s: N(t) = t²/2, so iteration n starts at sqrt(2n); 50 in total.
        var schedule = new ArrivalSchedule(0, TimeSpan.FromSeconds(1), [new Stage(TimeSpan.FromSeconds(10), 10)]);

        Assert.Equal(50, schedule.TotalIterations);
        foreach (var n in new[] { 1, 8, 18, 32, 49 })
        {
            Assert.True(schedule.TryGetOffset(n, out var offset));
            Assert.Equal(Math.Sqrt(2.0 * n), offset.TotalSeconds, 6);
        }
    }

    [Fact]
    public void TryGetOffset_SeveralStages_ContinuesAcrossBoundaries()
    {
        // 10/s for 2 s (20 iterations), then ramp 10 → 30/s over 1 s (20 more), then 0 for 5 s.
        var schedule = new ArrivalSchedule(10, TimeSpan.FromSeconds(1),
            [new Stage(TimeSpan.FromSeconds(2), 10), new Stage(TimeSpan.FromSeconds(1), 30), new Stage(TimeSpan.FromSeconds(5), 0)]);

        Assert.True(schedule.TryGetOffset(19, out var lastFlat));
        Assert.Equal(1.9, lastFlat.TotalSeconds, 6);
        Assert.True(schedule.TryGetOffset(20, out var rampStart));
        Assert.Equal(2.0, rampStart.TotalSeconds, 6);
        // Within the ramp, 10 t + 10 t² = 15 → t = 0.8229 s.
        Assert.True(schedule.TryGetOffset(35, out var inRamp));
        Assert.Equal(2 + ((-10 + Math.Sqrt(100 + 600)) / 20), inRamp.TotalSeconds, 6);
        // The ramp-down from 30/s to 0 over 5 s adds 75 iterations: 115 in all.
        Assert.Equal(115, schedule.TotalIterations);
    }
}

using Stampede.DemoTarget.Timing;

namespace Stampede.DemoTarget.Tests.Timing;

public class StallScheduleTests
{
    [Theory]
    [InlineData(1000, 1100)]   // start of the first window: held for the whole pause
    [InlineData(1050, 1100)]   // inside the pause: released when it ends
    [InlineData(1099, 1100)]
    [InlineData(1100, 1100)]   // the pause is over: answered at once
    [InlineData(1300, 1300)]
    [InlineData(1499, 1499)]
    [InlineData(1500, 1600)]   // second window, inside its pause
    [InlineData(2030, 2100)]   // third window
    public void ReleaseAt_PointInWindow_ReleasesAtEndOfPause(long now, long expected)
    {
        // origin 1000, period 500, pause 100
        Assert.Equal(expected, StallSchedule.ReleaseAt(now, 1000, 500, 100));
    }

    [Fact]
    public void ReleaseAt_ZeroPause_NeverHolds()
    {
        for (long now = 0; now < 2000; now += 7)
        {
            Assert.Equal(now, StallSchedule.ReleaseAt(now, 0, 500, 0));
        }
    }

    [Fact]
    public void ReleaseAt_BeforeOrigin_AnswersAtOnce()
    {
        Assert.Equal(900, StallSchedule.ReleaseAt(900, 1000, 500, 100));
    }
}

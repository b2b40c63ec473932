using Stampede.Engine;

namespace Stampede.Tests.Engine;

public class VuRampTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 5)]
    [InlineData(10, 10)]
    [InlineData(15, 10)]
    [InlineData(25, 5)]
    [InlineData(30, 0)]
    [InlineData(99, 0)]
    public void VusAt_UpHoldDown_LinearInterpolation(double seconds, int expected)
    {
        var ramp = new VuRamp(0, [
            new Stage(TimeSpan.FromSeconds(10), 10),
            new Stage(TimeSpan.FromSeconds(10), 10),
            new Stage(TimeSpan.FromSeconds(10), 0),
        ]);

        Assert.Equal(expected, ramp.VusAt(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void VusAt_ZeroLengthStage_JumpsToTarget()
    {
        var ramp = new VuRamp(2, [new Stage(TimeSpan.Zero, 8), new Stage(TimeSpan.FromSeconds(4), 8)]);

        Assert.Equal(8, ramp.VusAt(TimeSpan.Zero));
        Assert.Equal(8, ramp.VusAt(TimeSpan.FromSeconds(2)));
    }
}

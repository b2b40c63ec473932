using Stampede.Engine;
using Stampede.Engine.Profiles;

namespace Stampede.Tests.Engine.Profiles;

public class LoadCurveTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Of_RampingArrivalRate_CornersInIterationsPerSecondWhateverTheTimeUnit()
    {
        var curve = LoadCurve.Of(new RampingArrivalRateConfig(60, [new Stage(S(10), 600), new Stage(S(5), 600)], 1, 10) { TimeUnit = TimeSpan.FromMinutes(1) })!;

        Assert.True(curve.OpenModel);
        Assert.Equal([new LoadPoint(S(0), 1), new LoadPoint(S(10), 10), new LoadPoint(S(15), 10)], curve.Points);
        Assert.Equal(S(15), curve.Duration);
        Assert.Equal(10, curve.Peak);
    }

    [Fact]
    public void At_BetweenCorners_Linear()
    {
        var curve = LoadCurve.Of(new RampingVusConfig(2, [new Stage(S(10), 12), new Stage(S(10), 0)]))!;

        Assert.False(curve.OpenModel);
        Assert.Equal(2, curve.At(S(0)));
        Assert.Equal(7, curve.At(S(5)), 9);
        Assert.Equal(12, curve.At(S(10)));
        Assert.Equal(3, curve.At(S(17.5)), 9);
        Assert.Equal(0, curve.At(S(20)));
    }

    [Fact]
    public void At_AJump_TheValueAfterIt()
    {
        var curve = LoadCurve.Of(new RampingArrivalRateConfig(10, [new Stage(S(4), 10), new Stage(TimeSpan.Zero, 100), new Stage(S(2), 100)], 1, 10))!;

        Assert.Equal(10, curve.At(S(3.999)), 9);
        Assert.Equal(100, curve.At(S(4)));
        Assert.Equal(100, curve.At(S(6)));
    }

    [Fact]
    public void At_BeforeTheStartOrAfterTheEnd_Zero()
    {
        var curve = LoadCurve.Of(new ConstantArrivalRateConfig(50, S(10), 1, 10))!;

        Assert.Equal(0, curve.At(S(-1)));
        Assert.Equal(50, curve.At(S(10)));
        Assert.Equal(0, curve.At(S(10.001)));
    }

    [Fact]
    public void Mean_AcrossCornersAndAJump_AreaOverLength()
    {
        // 0 → 10 over 0–10 s, then a jump to 20 held until 15 s.
        var curve = LoadCurve.Of(new RampingArrivalRateConfig(0, [new Stage(S(10), 10), new Stage(TimeSpan.Zero, 20), new Stage(S(5), 20)], 1, 10))!;

        Assert.Equal(5, curve.Mean(S(4), S(6)), 9);
        Assert.Equal(((9.5 * 1) + (20 * 2)) / 3, curve.Mean(S(9), S(12)), 9);
        Assert.Equal((50 + 100) / 15.0, curve.Mean(S(0), S(15)), 9);
        Assert.Equal(100 / 10.0, curve.Mean(S(10), S(20)), 9);   // nothing scheduled after the end
        Assert.Equal(20, curve.Mean(S(12), S(12)));
    }

    [Fact]
    public void Of_ConstantVus_Flat()
    {
        var curve = LoadCurve.Of(new ConstantVusConfig(8, S(30)))!;

        Assert.Equal([new LoadPoint(S(0), 8), new LoadPoint(S(30), 8)], curve.Points);
    }

    [Fact]
    public void Of_IterationCountExecutors_NoCurve()
    {
        Assert.Null(LoadCurve.Of(new PerVuIterationsConfig(1, 1)));
        Assert.Null(LoadCurve.Of(new SharedIterationsConfig(4, 100)));
    }
}

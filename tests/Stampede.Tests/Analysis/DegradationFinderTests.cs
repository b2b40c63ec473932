using Stampede.Analysis;

namespace Stampede.Tests.Analysis;

public sealed class DegradationFinderTests
{
    [Fact]
    public void Findings_LatencyClimbsFromTenToThirtyMsAtSteadyLoad_DegradationWithTheDriftAndThePhase()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 120; i++)
        {
            run.Second(50, 200, SyntheticRun.Around(10_000 + (i * 20_000.0 / 119)));
        }

        var finding = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Degradation);

        Assert.InRange(finding.Values["p95_start_ms"], 9, 12.5);
        Assert.InRange(finding.Values["p95_end_ms"], 28, 34);
        Assert.InRange(finding.Values["slope_ms_per_min"], 8, 12);
        Assert.Equal(50, finding.Values["level"]);
        Assert.Equal(TimeSpan.Zero, finding.At);
        Assert.Matches(@"^degradation: p95 rose from \d+(\.\d+)? ms to \d+(\.\d+)? ms over the 2m steady phase at ~50 VUs$", finding.Title);
    }

    [Fact]
    public void Findings_FlatLatencyWithSpikes_NoDegradation()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 120; i++)
        {
            run.Second(50, 200, SyntheticRun.Around(i is 90 or 100 or 110 ? 80_000 : 10_000, 0.3));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Degradation);
    }

    [Fact]
    public void Findings_LatencyClimbsWhileLoadRamps_NoDegradation()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 120; i++)
        {
            run.Second(10 + i, 200, SyntheticRun.Around(10_000 + (i * 200.0)));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Degradation);
    }

    [Fact]
    public void Findings_SteadyPhaseTooShort_NoDegradation()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < DegradationFinder.MinSteadyIntervals - 1; i++)
        {
            run.Second(50, 200, SyntheticRun.Around(10_000 + (i * 2_000.0)));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Degradation);
    }

    [Fact]
    public void Findings_SubMillisecondDrift_NoDegradation()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 60; i++)
        {
            run.Second(50, 200, SyntheticRun.Around(200 + (i * 8.0)));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Degradation);
    }

    [Fact]
    public void Findings_OnlyTheSecondStageDrifts_FindingForThatStage()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 40; i++)
        {
            run.Second(20, 200, SyntheticRun.Around(10_000));
        }

        for (var i = 0; i < 40; i++)
        {
            run.Second(40, 200, SyntheticRun.Around(10_000 + (i * 1_000.0)));
        }

        var finding = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Degradation);

        Assert.Equal(40, finding.Values["level"]);
        Assert.Equal(TimeSpan.FromSeconds(41), finding.At);
    }

    [Fact]
    public void TheilSen_OneOutlier_FollowsTheLineNotTheOutlier()
    {
        double[] xs = [0, 1, 2, 3, 4, 5, 6, 7];
        double[] ys = [1, 3, 5, 7, 1000, 11, 13, 15];

        var (slope, intercept) = DegradationFinder.TheilSen(xs, ys);

        Assert.Equal(2, slope, 6);
        Assert.Equal(1, intercept, 6);
    }
}

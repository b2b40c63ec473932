using Stampede.Analysis;

namespace Stampede.Tests.Analysis;

public sealed class ErrorBurstFinderTests
{
    private static readonly Func<Random, long> Fast = SyntheticRun.Around(5_000);

    [Fact]
    public void Findings_ErrorsInFiveSecondsOfAMinute_BurstWithStartDurationCountAndLoad()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 60; i++)
        {
            run.Second(20 + (i / 10), 100, Fast, failed: i is >= 30 and < 35 ? 50 : 0);
        }

        var burst = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.ErrorBurst);

        Assert.Equal(TimeSpan.FromSeconds(30), burst.At);
        Assert.Equal("error burst: 250 failed requests in 5s from 0:30 at ~23 VUs", burst.Title);
        Assert.StartsWith("100% of the run's 250 failed requests fell between 0:30 and 0:35 (http_5xx 250): 50% of requests failed then, 0% the rest of the run.",
            burst.Detail, StringComparison.Ordinal);
        Assert.Equal(0.5, burst.Values["error_rate"]);
        Assert.Equal(0, burst.Values["error_rate_elsewhere"]);
    }

    [Fact]
    public void Findings_ErrorsSpreadEvenly_NoBurst()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 60; i++)
        {
            run.Second(20, 100, Fast, failed: 2 + (i % 3));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.ErrorBurst);
    }

    [Fact]
    public void Findings_BurstOnTopOfAnEvenTrickle_BurstOnly()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 60; i++)
        {
            run.Second(20, 100, Fast, failed: i is >= 10 and < 13 ? 40 : 1);
        }

        var burst = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.ErrorBurst);

        Assert.Equal(TimeSpan.FromSeconds(10), burst.At);
        Assert.Equal(120, burst.Values["errors"]);
        Assert.Equal(3, burst.Values["duration_s"]);
    }

    [Fact]
    public void Findings_TwoSeparateBursts_TwoFindingsInTimeOrder()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 60; i++)
        {
            run.Second(20, 100, Fast, failed: i is 5 or 6 or 40 or 41 or 42 ? 30 : 0);
        }

        var bursts = RunAnalysis.Findings(run.Build()).Where(f => f.Kind == FindingKind.ErrorBurst).ToList();

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40)], bursts.Select(b => b.At!.Value));
    }

    [Fact]
    public void Findings_TooFewErrors_NoBurst()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 30; i++)
        {
            run.Second(20, 100, Fast, failed: i == 10 ? ErrorBurstFinder.MinBurstErrors - 1 : 0);
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.ErrorBurst);
    }
}

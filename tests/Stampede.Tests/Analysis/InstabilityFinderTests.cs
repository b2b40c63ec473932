using Stampede.Analysis;

namespace Stampede.Tests.Analysis;

public sealed class InstabilityFinderTests
{
    // 85 % of requests at 2 ms, 15 % at 20 ms: median 2 ms, p95 20 ms.
    private static readonly Func<Random, long> TwoPaths = random => random.NextDouble() < 0.85 ? 2_000 : 20_000;

    [Fact]
    public void Findings_NameWithALongTail_InstabilityForThatNameOnly()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 10; i++)
        {
            run.Second(10, 100, TwoPaths, name: "search");
            run.Second(10, 100, SyntheticRun.Around(2_000), name: "home");
        }

        var finding = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Instability);

        Assert.Equal("search", finding.Name);
        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.InRange(finding.Values["ratio"], 9, 11);
        Assert.Equal(1000, finding.Values["requests"]);
        Assert.StartsWith("instability: 'search' p95 20 ms is 10", finding.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_FewRequests_NoInstability()
    {
        var run = new SyntheticRun().Second(10, InstabilityFinder.MinSamples - 1, TwoPaths, name: "rare");

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Instability);
    }

    [Fact]
    public void Findings_SubMillisecondTail_NoInstability()
    {
        var run = new SyntheticRun().Second(10, 1000, random => random.NextDouble() < 0.85 ? 100 : 600, name: "cache");

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Instability);
    }

    [Fact]
    public void Findings_P95ExactlyThreeTimesTheMedian_NoInstability()
    {
        var run = new SyntheticRun().Second(10, 1000, random => random.NextDouble() < 0.85 ? 2_000 : 6_000, name: "edge");

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Instability);
    }
}

using Stampede.Analysis;

namespace Stampede.Tests.Analysis;

public sealed class CoordinatedOmissionFinderTests
{
    [Fact]
    public void Findings_OpenModelResponseFarAboveService_GapExplained()
    {
        var run = new SyntheticRun(open: true);
        for (var i = 0; i < 10; i++)
        {
            run.Second(200, 200, random => random.NextDouble() < 0.9 ? 20_000 : 200_000, service: SyntheticRun.Around(20_000));
        }

        var finding = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.CoordinatedOmission);

        Assert.Equal("coordinated-omission gap: p99 response time 200 ms vs 22 ms service time", finding.Title);
        Assert.Contains("waited up to ~178 ms before being sent", finding.Detail, StringComparison.Ordinal);
        Assert.InRange(finding.Values["gap_ms"], 170, 185);
    }

    [Fact]
    public void Findings_SmallGap_NoFinding()
    {
        var run = new SyntheticRun(open: true);
        for (var i = 0; i < 10; i++)
        {
            run.Second(200, 200, SyntheticRun.Around(12_000), service: SyntheticRun.Around(10_000));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.CoordinatedOmission);
    }

    [Fact]
    public void Findings_ClosedModel_NoFinding()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 10; i++)
        {
            run.Second(20, 200, random => random.NextDouble() < 0.9 ? 20_000 : 200_000);
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.CoordinatedOmission);
    }
}

using Stampede.Analysis;
using Stampede.Results;

namespace Stampede.Tests.Analysis;

public sealed class RunAnalysisTests
{
    [Fact]
    public void Findings_HealthyFlatRun_None()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 120; i++)
        {
            run.Second(50, 500, SyntheticRun.Around(10_000, 0.2), failed: i % 20 == 0 ? 1 : 0);
        }

        Assert.Empty(RunAnalysis.Findings(run.Build()));
    }

    [Fact]
    public void Findings_SeveralKinds_MostImportantFirst()
    {
        var run = new SyntheticRun();
        KneeFinderTests.QueueRamp(Enumerable.Range(1, 32), run: run);
        for (var i = 0; i < 10; i++)
        {
            run.Second(32, 200, random => random.NextDouble() < 0.85 ? 2_000 : 20_000, name: "search");
        }

        var result = run.Build(new GeneratorHealth { CpuPercentMax = 99, Cores = 2 });

        var kinds = RunAnalysis.Findings(result).Select(f => f.Kind).ToList();

        Assert.Equal([FindingKind.GeneratorSaturation, FindingKind.Knee, FindingKind.Instability], kinds);
    }

    [Fact]
    public void Findings_EmptyRun_None()
    {
        Assert.Empty(RunAnalysis.Findings(new SyntheticRun().Build()));
    }

    [Fact]
    public void FindingKinds_EveryKind_HasASnakeCaseName()
    {
        var names = Enum.GetValues<FindingKind>().Select(k => k.ToName()).ToList();

        Assert.Equal(["knee", "degradation", "instability", "error_burst", "rate_limiting", "generator_saturation", "coordinated_omission"], names);
    }

    [Fact]
    public void Findings_RichSampleReadBackFromItsResultsFile_SameFindingsEveryTime()
    {
        var result = Results.SampleResults.Rich(intervals: 40);

        var fromFile = RunAnalysis.Findings(ResultsFile.Deserialize(ResultsFile.Serialize(result)));

        Assert.NotEmpty(fromFile);
        Assert.Equal(KneeFinderTests.Describe(RunAnalysis.Findings(result)), KneeFinderTests.Describe(fromFile));
        Assert.Equal(KneeFinderTests.Describe(fromFile), KneeFinderTests.Describe(RunAnalysis.Findings(result)));
    }
}

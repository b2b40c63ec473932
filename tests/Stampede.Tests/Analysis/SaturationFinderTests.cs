using Stampede.Analysis;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Analysis;

public sealed class SaturationFinderTests
{
    private static RunResult Run(GeneratorHealth generator)
    {
        var run = new SyntheticRun(open: true);
        for (var i = 0; i < 10; i++)
        {
            run.Second(100, 100, SyntheticRun.Around(2_000), cpuPercent: i < 3 ? 95 : 50);
        }

        return run.Build(generator);
    }

    private static MetricAggregate Lag(long micros)
    {
        var lag = new MetricAggregate(BuiltinMetrics.SchedulingLag, TagSet.Empty);
        for (var i = 0; i < 1000; i++)
        {
            lag.AddTrend(micros);
        }

        return lag;
    }

    [Fact]
    public void Findings_CpuLagAndDroppedIterations_OneSaturationFindingFirstNamingEach()
    {
        var result = Run(new GeneratorHealth { CpuPercentMax = 95, CpuPercentMean = 60, Cores = 2, SchedulingLag = Lag(30_000), DroppedIterations = 12 });

        var findings = RunAnalysis.Findings(result);

        var finding = findings[0];
        Assert.Equal(FindingKind.GeneratorSaturation, finding.Kind);
        Assert.Equal("generator saturation (CPU 95%, scheduling lag p99 30 ms, 12 dropped iterations): these results understate latency", finding.Title);
        Assert.Contains("above 85% in 3 of 10 intervals", finding.Detail, StringComparison.Ordinal);
        Assert.Equal([GeneratorWarnings.Cpu, GeneratorWarnings.Dropped, GeneratorWarnings.Lag], finding.Values.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Findings_HealthyGenerator_NoSaturation()
    {
        var result = Run(new GeneratorHealth { CpuPercentMax = 80, Cores = 2, SchedulingLag = Lag(2_000) });

        Assert.DoesNotContain(RunAnalysis.Findings(result), f => f.Kind == FindingKind.GeneratorSaturation);
    }

    [Fact]
    public void OtherWarnings_SaturationFinding_DropsTheWarningsItStatesKeepsTheRest()
    {
        string[] warnings =
        [
            GeneratorWarnings.CpuWarning(95, 2), GeneratorWarnings.DroppedWarning(12), "b.json: " + GeneratorWarnings.LagWarning(30_000, 50_000),
            GeneratorWarnings.GcWarning(10, 1000), "output InfluxSink failed: connection refused",
        ];
        var result = Run(new GeneratorHealth { CpuPercentMax = 95, Cores = 2, SchedulingLag = Lag(30_000), DroppedIterations = 12, Warnings = warnings });

        var other = RunAnalysis.OtherWarnings(result, RunAnalysis.Findings(result));

        // GC pauses of 10 ms in a 10 s run are under the limit: no finding states them, so their warning stays.
        Assert.Equal([warnings[3], warnings[4]], other);
    }

    [Fact]
    public void OtherWarnings_NoSaturationFinding_EveryWarning()
    {
        var result = Run(new GeneratorHealth { CpuPercentMax = 50, Cores = 2, Warnings = [GeneratorWarnings.CpuWarning(95, 2), "aborted at 3s"] });

        Assert.Equal(result.Generator.Warnings, RunAnalysis.OtherWarnings(result, RunAnalysis.Findings(result)));
    }

    [Fact]
    public void CpuWarning_CommaDecimalCulture_WrittenInvariant()
    {
        var warning = Cultures.With(System.Globalization.CultureInfo.GetCultureInfo("de-DE"), () => GeneratorWarnings.LagWarning(12_500, 20_000));

        Assert.Contains("p99 12.5 ms", warning, StringComparison.Ordinal);
    }
}

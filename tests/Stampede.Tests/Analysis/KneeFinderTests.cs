using Stampede.Analysis;
using Stampede.Results;

namespace Stampede.Tests.Analysis;

public sealed class KneeFinderTests
{
    // W workers each busy M ms per request: throughput caps at W × 1000 / M, latency grows past W concurrent VUs.
    internal static SyntheticRun QueueRamp(IEnumerable<int> vus, int workers = 8, double serviceMs = 20, SyntheticRun? run = null)
    {
        run ??= new SyntheticRun();
        foreach (var v in vus)
        {
            var throughput = Math.Min(v, workers) * 1000 / serviceMs;
            run.Second(v, (int)throughput, SyntheticRun.Around(serviceMs * 1000 * Math.Max(1, v / (double)workers)));
        }

        return run;
    }

    [Fact]
    public void Findings_VusRampedPastAQueueOfEightWorkers_KneeNearEightVusAndTheThroughputCeiling()
    {
        var result = QueueRamp(Enumerable.Range(1, 32)).Build();

        var knee = Assert.Single(RunAnalysis.Findings(result), f => f.Kind == FindingKind.Knee);

        Assert.InRange(knee.Values["level"], 7, 11);
        Assert.InRange(knee.Values["throughput_per_s"], 360, 440);
        Assert.InRange(knee.Values["p95_after_ms"] / knee.Values["p95_before_ms"], 3, 5);
        Assert.Equal(FindingSeverity.Warning, knee.Severity);
        Assert.Matches(@"^knee: p95 rose \d(\.\d)?× above ~\d+ req/s at ~(7|8|9|10|11) VUs$", knee.Title);
        Assert.NotNull(knee.At);
    }

    [Fact]
    public void Findings_ThroughputGrowsWithLoadAndLatencyFlat_NoKnee()
    {
        var run = new SyntheticRun();
        for (var v = 1; v <= 32; v++)
        {
            run.Second(v, v * 50, SyntheticRun.Around(20_000, 0.3));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Knee);
    }

    [Fact]
    public void Findings_ShortNoisyRun_NoKnee()
    {
        var run = new SyntheticRun(seed: 3);
        var random = new Random(5);
        foreach (var v in new[] { 4, 9, 16 })
        {
            run.Second(v, random.Next(100, 400), SyntheticRun.Around(random.Next(5_000, 80_000), 0.9));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Knee);
    }

    [Fact]
    public void Findings_ConstantVusWithLatencySpikes_NoKnee()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 40; i++)
        {
            run.Second(20, 400, SyntheticRun.Around(i % 7 == 0 ? 90_000 : 20_000));
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Knee);
    }

    [Fact]
    public void Findings_RampDownWithABacklog_KneeStillFromTheRampUpSide()
    {
        // On the way down the (open-model) backlog keeps latency high at low levels; those intervals must not count.
        var run = QueueRamp(Enumerable.Range(1, 32));
        for (var v = 31; v >= 1; v--)
        {
            run.Second(v, 400, SyntheticRun.Around(200_000));
        }

        var knee = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Knee);

        Assert.InRange(knee.Values["level"], 7, 11);
    }

    [Fact]
    public void Findings_OpenModelTargetRateRampedPastCapacity_KneeAtTheCapacity()
    {
        var run = new SyntheticRun(open: true);
        for (var rate = 100; rate <= 1000; rate += 25)
        {
            var achieved = Math.Min(rate, 400);
            var latency = rate <= 400 ? 10_000 : 10_000 + ((rate - 400) * 400.0);
            run.Second(rate, achieved, SyntheticRun.Around(latency), service: SyntheticRun.Around(10_000));
        }

        var knee = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.Knee);

        Assert.InRange(knee.Values["level"], 360, 480);
        Assert.InRange(knee.Values["throughput_per_s"], 380, 420);
        Assert.Contains("iterations/s", knee.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_AlreadySaturatedFromTheLowestLevel_SaysAtOrBelow()
    {
        var result = QueueRamp(Enumerable.Range(16, 32)).Build();

        var knee = Assert.Single(RunAnalysis.Findings(result), f => f.Kind == FindingKind.Knee);

        Assert.Contains("at or below ~", knee.Title, StringComparison.Ordinal);
        Assert.StartsWith("Throughput was already at its ceiling", knee.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_ReadBackFromTheResultsFile_SameFindings()
    {
        var result = QueueRamp(Enumerable.Range(1, 32)).Build();

        var again = ResultsFile.Deserialize(ResultsFile.Serialize(result));

        Assert.Equal(Describe(RunAnalysis.Findings(result)), Describe(RunAnalysis.Findings(again)));
        Assert.Equal(Describe(RunAnalysis.Findings(again)), Describe(RunAnalysis.Findings(again)));
    }

    internal static IEnumerable<string> Describe(IReadOnlyList<Finding> findings) =>
        findings.Select(f => $"{f.Kind}|{f.Severity}|{f.Title}|{f.Detail}|{f.At}|{f.Name}|{string.Join(",", f.Values.Select(v => $"{v.Key}={v.Value}"))}");
}

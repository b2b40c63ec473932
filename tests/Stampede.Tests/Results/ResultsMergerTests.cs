using Stampede.Metrics;
using Stampede.Results;
using static Stampede.Tests.Results.MergePart;

namespace Stampede.Tests.Results;

public sealed class ResultsMergerTests
{
    [Fact]
    public void Merge_TwoGenerators_AddsCountersRatesAndHistograms()
    {
        var a = new MergePart(T0, 2).Requests(0, 1_000, 2_000, 3_000).Requests(1, 4_000).Build();
        var b = new MergePart(T0, 2).Requests(0, 50_000).Requests(1, 60_000, 70_000).Failures(1, 2, "HTTP 503").Build();

        var merged = ResultsMerger.Merge([a, b]);

        Assert.Equal(9, merged.Total(BuiltinMetrics.HttpReqs)!.Count);
        var failed = merged.Total(BuiltinMetrics.HttpReqFailed)!;
        Assert.Equal((2, 7), (failed.Passes, failed.Fails));
        var duration = merged.Total(BuiltinMetrics.HttpReqDuration)!;
        Assert.Equal(9, duration.Count);
        Assert.Equal(100, duration.Min);
        Assert.Equal(70_000, duration.Max);
        Assert.Equal(1_000 + 2_000 + 3_000 + 4_000 + 50_000 + 60_000 + 70_000 + 200, duration.Sum);
        Assert.Equal(9, duration.Histogram!.TotalCount);

        // The merged distribution is that of every sample: p50 of {100,100,1000,2000,3000,4000,50000,...} is 3000.
        Assert.Equal(3_000, duration.Percentile(50), 3_000 * 0.001);
    }

    [Fact]
    public void Merge_GeneratorStartedLater_AlignsIntervalsByWallClock()
    {
        var a = new MergePart(T0, 3).Requests(0, 1_000).Requests(1, 1_000).Requests(2, 1_000).Build();
        var b = new MergePart(T0 + TimeSpan.FromSeconds(2.2), 3).Requests(0, 9_000, 9_000).Requests(2, 9_000).Build();

        var merged = ResultsMerger.Merge([a, b]);

        Assert.Equal(T0, merged.Run.Started);
        Assert.Equal(TimeSpan.FromSeconds(5.2), merged.Run.Duration);
        Assert.Equal([0, 1, 2, 3, 4], merged.Series.Select(s => (int)s.Offset.TotalSeconds));
        Assert.Equal([1L, 1, 3, 0, 1], merged.Series.Select(s => s.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0));
        Assert.Equal(T0 + TimeSpan.FromSeconds(3), merged.Series[2].Time);
        Assert.Equal(9_000, merged.Series[2].Total(BuiltinMetrics.HttpReqDuration)!.Max);
    }

    [Fact]
    public void Merge_GeneratorsOneAfterTheOther_GapKeptAsEmptyIntervals()
    {
        var a = new MergePart(T0, 2).Requests(0, 1_000).Requests(1, 1_000).Vus(1, 3).Build();
        var b = new MergePart(T0 + TimeSpan.FromSeconds(4), 1).Requests(0, 2_000).Vus(0, 2).Build();

        var merged = ResultsMerger.Merge([a, b]);

        Assert.Equal([0, 1, 2, 3, 4], merged.Series.Select(s => (int)s.Offset.TotalSeconds));
        Assert.Empty(merged.Series[2].Metrics);
        Assert.Equal(T0 + TimeSpan.FromSeconds(3), merged.Series[2].Time);
        Assert.Equal(TimeSpan.FromSeconds(1), merged.Series[3].Length);
        Assert.Equal([0, 3, 0, 0, 2], merged.Series.Select(s => s.Vus));
        Assert.Equal(TimeSpan.FromSeconds(5), merged.Run.Duration);
    }

    [Fact]
    public void Merge_DifferentIntervalLengths_ThrowsNamingBoth()
    {
        var a = new MergePart(T0, 2).Requests(0, 1_000).Build();
        var b = new MergePart(T0, 2) { Interval = TimeSpan.FromSeconds(5) }.Requests(0, 1_000).Build();

        var error = Assert.Throws<InvalidInputException>(() => ResultsMerger.Merge([a, b], ["a.json", "b.json"]));

        Assert.Contains("b.json: interval 5s but a.json has 1s", error.Message, StringComparison.Ordinal);
        Assert.Contains("same interval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_VusGauge_SumsAcrossGeneratorsPerInterval()
    {
        var a = new MergePart(T0, 3).Vus(0, 10).Vus(1, 20).Vus(2, 5).Build();
        var b = new MergePart(T0, 3).Vus(0, 1).Vus(1, 7).Vus(2, 3).Build();

        var merged = ResultsMerger.Merge([a, b]);

        Assert.Equal([11, 27, 8], merged.Series.Select(s => s.Vus));
        Assert.Equal([11.0, 27, 8], merged.Series.Select(s => s.Total(BuiltinMetrics.Vus)!.Value));
        var vus = merged.Total(BuiltinMetrics.Vus)!;
        Assert.Equal(8, vus.Value);
        Assert.Equal(8, vus.Min);
        Assert.Equal(27, vus.Max);
    }

    [Fact]
    public void Merge_Thresholds_ReevaluatedOnMergedData()
    {
        // Each generator alone sent 3 requests and crossed count>=5; together they sent 6.
        var a = new MergePart(T0, 1).Requests(0, 1_000, 1_000, 1_000).Threshold("http_reqs", "count>=5", passed: false)
            .Threshold("http_req_duration", "max<2", passed: true).Build();
        var b = new MergePart(T0, 1).Requests(0, 5_000, 5_000, 5_000).Threshold("http_reqs", "count>=5", passed: false)
            .Threshold("http_req_duration", "max<2", passed: true).Build();

        var merged = ResultsMerger.Merge([a, b]);

        Assert.Equal(2, merged.Thresholds.Count);
        Assert.True(merged.Thresholds[0].Passed);
        Assert.Equal(6, merged.Thresholds[0].Observed);
        Assert.False(merged.Thresholds[1].Passed);
        Assert.Equal(5, merged.Thresholds[1].Observed);
        Assert.False(merged.ThresholdsPassed);
    }

    [Fact]
    public void Merge_WindowedThreshold_JudgedOnTheAlignedSeries()
    {
        // Alone, each generator has 2 requests per 2 s window; aligned to the nearest interval, every window holds 4.
        // Were B, 0.4 s late, put one interval later (rounded up), the first window would hold 3.
        var a = new MergePart(T0, 4).Requests(0, 1).Requests(1, 1).Requests(2, 1).Requests(3, 1)
            .Threshold("http_reqs", "count>=4 over 2s", passed: false).Build();
        var b = new MergePart(T0 + TimeSpan.FromMilliseconds(400), 4).Requests(0, 1).Requests(1, 1).Requests(2, 1).Requests(3, 1)
            .Threshold("http_reqs", "count>=4 over 2s", passed: false).Build();

        var merged = ResultsMerger.Merge([a, b]);

        Assert.True(merged.Thresholds.Single().Passed);
        Assert.Equal(4, merged.Thresholds.Single().Observed);
    }

    [Fact]
    public void Merge_ThresholdsOfDifferentParts_AreUnitedAndAbortedAtKeptOnTheMergedClock()
    {
        var a = new MergePart(T0, 2).Requests(0, 1_000).Threshold("http_reqs", "count<100", passed: true).Build();
        var b = new MergePart(T0 + TimeSpan.FromSeconds(1), 1) { Outcome = "aborted" }.Requests(0, 1_000)
            .Threshold("http_req_failed", "rate<0.5", passed: false, abortedAt: TimeSpan.FromSeconds(0.5)).Build();

        var merged = ResultsMerger.Merge([a, b]);

        Assert.Equal(["count<100", "rate<0.5"], merged.Thresholds.Select(t => t.Threshold.Expression));
        Assert.Null(merged.Thresholds[0].AbortedAt);
        Assert.Equal(TimeSpan.FromSeconds(1.5), merged.Thresholds[1].AbortedAt);
        Assert.True(merged.Thresholds[1].Passed); // no failure in the merged data
        Assert.Equal("aborted", merged.Run.Outcome);
    }

    [Fact]
    public void Merge_Checks_AddPassesAndFails()
    {
        var a = new MergePart(T0, 2).Check(0, "is 200", 10, 1).Check(1, "is 200", 5, 0).Build();
        var b = new MergePart(T0, 1).Check(0, "is 200", 3, 4).Check(0, "has body", 2, 0).Build();

        var merged = ResultsMerger.Merge([a, b]);

        var checks = merged.Checks.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
        Assert.Equal([("has body", 2L, 0L), ("is 200", 18L, 5L)], checks.Select(c => (c.Name, c.Passes, c.Fails)));
    }

    [Fact]
    public void Merge_Accounting_AddsAndStaysBalanced()
    {
        var a = new MergePart(T0, 1).Requests(0, 1_000, 2_000).Failures(0, 3, "HTTP 503").Build();
        var b = new MergePart(T0, 1).Requests(0, 1_000).Failures(0, 1, "HTTP 503").Build();

        var merged = ResultsMerger.Merge([a, b]);

        Assert.Equal(new RequestAccounting(7, 3, 4, 0), merged.Accounting);
        Assert.True(merged.Accounting.Balanced);
    }

    [Fact]
    public void Merge_ErrorMessages_AddedByTextAndCappedLikeTheCollector()
    {
        var a = new MergePart(T0, 1).Failures(0, 2, "HTTP 503").Build();
        var b = new MergePart(T0, 2);
        b.Failures(0, 1, "HTTP 503");
        for (var i = 0; i < ResultsMerger.MaxMessages + 5; i++)
        {
            b.Failures(1, 1, $"distinct {i}");
        }

        var merged = ResultsMerger.Merge([a, b.Build()]);

        Assert.Equal(3 + ResultsMerger.MaxMessages + 5, merged.Errors.Counts[ErrorKind.Http5xx]);
        Assert.Equal(ResultsMerger.MaxMessages, merged.Errors.Messages.Count);
        Assert.Equal(("HTTP 503", 3L, TimeSpan.Zero), (merged.Errors.Messages[0].Message, merged.Errors.Messages[0].Count, merged.Errors.Messages[0].FirstSeen));
    }

    [Fact]
    public void Merge_RunInfo_WorstOutcomeCommandsAndGeneratorWarningsPerPart()
    {
        var a = new MergePart(T0, 1) { Machine = "gen-a", Outcome = "completed" }.Requests(0, 1).Warning("CPU above 85 %").Build();
        var b = new MergePart(T0, 1) { Machine = "gen-b", Outcome = "interrupted" }.Requests(0, 2).Build();

        var merged = ResultsMerger.Merge([a, b], ["a.json", "b.json"]);

        Assert.Equal("interrupted", merged.Run.Outcome);
        Assert.Equal("stampede run plan.yaml\nstampede run plan.yaml", merged.Run.Command);
        Assert.Equal("gen-a; gen-b", merged.Run.Machine);
        Assert.Equal(["a.json: CPU above 85 %"], merged.Generator.Warnings);
        Assert.Equal(8, merged.Generator.MaxConnections);
        Assert.Single(merged.Run.Scenarios);
    }

    [Fact]
    public void Merge_DifferentToolVersions_Throws()
    {
        var a = new MergePart(T0, 1).Requests(0, 1).Build();
        var b = new MergePart(T0, 1) { Tool = "stampede 0.2.0" }.Requests(0, 1).Build();

        var error = Assert.Throws<InvalidInputException>(() => ResultsMerger.Merge([a, b], ["a.json", "b.json"]));

        Assert.Contains("b.json: written by 'stampede 0.2.0' but a.json by 'stampede 0.1.0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_SameRunTwice_Throws()
    {
        var a = new MergePart(T0, 1).Requests(0, 1).Build();
        var copy = ResultsFile.Deserialize(ResultsFile.Serialize(a));

        var error = Assert.Throws<InvalidInputException>(() => ResultsMerger.Merge([a, copy], ["a.json", "copy.json"]));

        Assert.Contains("copy.json: the same run as a.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OnePart_Throws()
    {
        var a = new MergePart(T0, 1).Requests(0, 1).Build();

        var error = Assert.Throws<InvalidInputException>(() => ResultsMerger.Merge([a]));

        Assert.Contains("at least two", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_Result_RoundTripsThroughTheResultsFile()
    {
        var a = new MergePart(T0, 2).Requests(0, 1_000, 2_000).Vus(0, 3).Check(1, "ok", 1, 1)
            .Threshold("http_req_duration", "p(95)<10", passed: true).Build();
        var b = new MergePart(T0 + TimeSpan.FromMilliseconds(300), 2).Requests(1, 3_000).Failures(1, 1, "HTTP 503").Vus(1, 2).Build();

        var merged = ResultsMerger.Merge([a, b]);
        var read = ResultsFile.Deserialize(ResultsFile.Serialize(merged));

        RunResultAssert.Equal(merged, read);
    }
}

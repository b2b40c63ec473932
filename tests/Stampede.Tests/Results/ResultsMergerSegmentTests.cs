using System.Collections.Concurrent;
using System.Diagnostics;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;
using Stampede.Tests.Engine;

namespace Stampede.Tests.Results;

/// <summary>
/// The done-when of issue #4's merge: one plan run whole, and the same plan run as four generators (each one
/// VU of the four, with the same deterministic per-VU samples), merged, give the same totals.
/// </summary>
public sealed class ResultsMergerSegmentTests
{
    private const int Vus = 4;
    private const int IterationsPerVu = 60;

    private static readonly object RequestStep = new();
    private static readonly object CheckStep = new();

    [Fact]
    public async Task Merge_FourSegmentsOfOnePlan_EqualsSingleRunTotals()
    {
        var allSamples = new ConcurrentBag<long>();
        var single = await RunAsync(new PerVuIterationsConfig(Vus, IterationsPerVu), firstVu: 0, new ConcurrentBag<long>());
        var segments = new List<RunResult>();
        for (var segment = 0; segment < Vus; segment++)
        {
            segments.Add(await RunAsync(new PerVuIterationsConfig(1, IterationsPerVu), firstVu: segment, allSamples));
        }

        var merged = ResultsMerger.Merge(segments);

        // Counts: exactly the single run's.
        Assert.Equal(Vus * IterationsPerVu, single.Total(BuiltinMetrics.HttpReqs)!.Count);
        foreach (var metric in new[] { BuiltinMetrics.HttpReqs, BuiltinMetrics.Iterations, BuiltinMetrics.DataSent, BuiltinMetrics.DataReceived })
        {
            Assert.Equal(single.Total(metric)!.Count, merged.Total(metric)!.Count);
            Assert.Equal(single.Total(metric)!.Sum, merged.Total(metric)!.Sum);
        }

        var failedSingle = single.Total(BuiltinMetrics.HttpReqFailed)!;
        var failedMerged = merged.Total(BuiltinMetrics.HttpReqFailed)!;
        Assert.True(failedSingle.Passes > 0);
        Assert.Equal((failedSingle.Passes, failedSingle.Fails), (failedMerged.Passes, failedMerged.Fails));
        Assert.Equal(single.Accounting, merged.Accounting);
        Assert.Equal(single.Errors.Counts[ErrorKind.Http5xx], merged.Errors.Counts[ErrorKind.Http5xx]);
        Assert.Equal(single.Errors.Messages.Single().Count, merged.Errors.Messages.Single().Count);
        Assert.Equal(single.Checks.Select(c => (c.Name, c.Passes, c.Fails)), merged.Checks.Select(c => (c.Name, c.Passes, c.Fails)));
        Assert.Equal(
            single.Metrics.Select(m => m.Key.ToString()).Order(StringComparer.Ordinal),
            merged.Metrics.Select(m => m.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(merged.Total(BuiltinMetrics.HttpReqs)!.Count, merged.Series.Sum(s => s.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0));

        // Distribution: the same exact statistics, and percentiles within HDR precision of every sample's.
        var singleDuration = single.Total(BuiltinMetrics.HttpReqDuration)!;
        var mergedDuration = merged.Total(BuiltinMetrics.HttpReqDuration)!;
        Assert.Equal((singleDuration.Count, singleDuration.Sum, singleDuration.Min, singleDuration.Max),
            (mergedDuration.Count, mergedDuration.Sum, mergedDuration.Min, mergedDuration.Max));
        var sorted = allSamples.Order().ToArray();
        Assert.Equal(sorted.Length, mergedDuration.Count);
        foreach (var percentile in new[] { 50.0, 90, 95, 99, 99.9, 100 })
        {
            var exact = sorted[(int)Math.Ceiling(percentile / 100 * sorted.Length) - 1];
            var precision = exact * Math.Pow(10, -Histograms.SignificantDigits) + 1;
            Assert.Equal(singleDuration.Percentile(percentile), mergedDuration.Percentile(percentile));
            Assert.InRange(mergedDuration.Percentile(percentile), exact - precision, exact + precision);
        }

        // Thresholds judged again: each generator alone crossed the count, together they pass it.
        Assert.All(segments, s => Assert.False(s.Thresholds[0].Passed));
        Assert.True(single.Thresholds[0].Passed);
        Assert.True(merged.Thresholds[0].Passed);
        Assert.Equal(single.Thresholds.Select(t => (t.Passed, t.Observed)), merged.Thresholds.Select(t => (t.Passed, t.Observed)));
    }

    private static async Task<RunResult> RunAsync(ExecutorConfig executor, int firstVu, ConcurrentBag<long> samples)
    {
        var plan = new TestPlanBuilder()
            .Scenario("s", executor, Body(firstVu, samples))
            .Threshold("http_reqs", $"count>={Vus * IterationsPerVu}")
            .Threshold("http_req_duration", "p(95)<30")
            .Build();
        return await new Runner(plan, EngineTestKit.Options(TimeProvider.System)).RunAsync().WaitAsync(EngineTestKit.Patience);
    }

    // Each VU of the plan (numbered from firstVu) sends one request per iteration whose duration, status and
    // check depend only on the VU's number and the iteration: a generator running VU 2 alone records exactly
    // what VU 2 records in the whole run.
    private static Func<VirtualUser, CancellationToken, ValueTask> Body(int firstVu, ConcurrentBag<long> samples)
    {
        var next = firstVu - 1;
        return (vu, ct) =>
        {
            var state = (int[])(vu.BodyState ??= new[] { Interlocked.Increment(ref next), 0 });
            var index = state[0];
            var iteration = state[1]++;
            var micros = 200 + ((index * 7_919L) + (iteration * 104_729L)) % 50_000;
            var failed = (index + iteration) % 7 == 0;
            var series = vu.SeriesFor(RequestStep, static (_, tags) => tags.With("name", "work"));
            var recorder = vu.Recorder;
            recorder.RequestStarted();
            var start = Stopwatch.GetTimestamp();
            var end = start + (micros * Stopwatch.Frequency / 1_000_000);
            var sample = new Sample(series, start, start, end, failed ? 503 : 200, failed ? ErrorKind.Http5xx : ErrorKind.None,
                100 + index, 1_000 + iteration, default);
            recorder.Record(in sample, failed ? "HTTP 503" : null);
            samples.Add(Histograms.TicksToMicros(end - start));
            recorder.RecordCheck(vu.SeriesFor(CheckStep, static (_, tags) => tags.With("check", "under 25 ms")), micros < 25_000);
            return ValueTask.CompletedTask;
        };
    }
}

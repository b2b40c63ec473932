using Stampede.Metrics;
using Stampede.Results;
using Stampede.Tests.Results;
using Stampede.Thresholds;

namespace Stampede.Tests.Reports;

/// <summary>Results for report tests: the rich sample with judged thresholds, and a run with known latencies.</summary>
internal static class ReportSamples
{
    /// <summary>The rich sample with a crossed, a held and a scenario-filtered threshold judged on it.</summary>
    public static RunResult WithThresholds()
    {
        var result = SampleResults.Rich();
        result.Thresholds =
        [
            ThresholdEvaluator.Evaluate(ThresholdParser.ParseLine("http_req_duration: p(95)<1"), result),
            ThresholdEvaluator.Evaluate(ThresholdParser.ParseLine("http_req_failed: rate<0.5"), result),
            ThresholdEvaluator.Evaluate(ThresholdParser.ParseLine("http_reqs{scenario:steady}: count>0"), result),
        ];
        return result;
    }

    /// <summary>
    /// One GET series named <paramref name="name"/> over two one-second intervals: 10 × 0.5 ms and 20 × 5 ms in the first,
    /// 30 × 20 ms and 40 × 200 ms in the second.
    /// </summary>
    public static RunResult Known(string name = "home")
    {
        var start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var tags = TagSet.Of(("name", name), ("method", "GET"), ("status", "200"));
        var first = Interval(start, 0, tags, (500, 10), (5_000, 20));
        var second = Interval(start, 1, tags, (20_000, 30), (200_000, 40));
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        foreach (var aggregate in first.Metrics.Values.Concat(second.Metrics.Values))
        {
            if (!totals.TryGetValue(aggregate.Key, out var total))
            {
                totals[aggregate.Key] = total = new MetricAggregate(aggregate.Metric, aggregate.Tags);
            }

            total.Add(aggregate);
        }

        return new RunResult
        {
            Run = new RunInfo
            {
                Tool = "stampede 0.1.0",
                Started = start,
                Duration = TimeSpan.FromSeconds(2),
                Scenarios = [new ScenarioInfo("default", "constant-vus", false, "2 VUs for 2s")],
            },
            Metrics = [.. totals.Values],
            Series = [first, second],
            Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long>(), Messages = [] },
            Accounting = new RequestAccounting(100, 100, 0, 0),
            Generator = new GeneratorHealth(),
        };
    }

    private static IntervalSnapshot Interval(DateTimeOffset start, int index, TagSet tags, params (long Micros, int Count)[] values)
    {
        var duration = new MetricAggregate(BuiltinMetrics.HttpReqDuration, tags);
        var requests = new MetricAggregate(BuiltinMetrics.HttpReqs, tags);
        var failed = new MetricAggregate(BuiltinMetrics.HttpReqFailed, tags);
        foreach (var (micros, count) in values)
        {
            for (var i = 0; i < count; i++)
            {
                duration.AddTrend(micros);
                requests.AddCount(1);
                failed.AddRate(false);
            }
        }

        return new IntervalSnapshot
        {
            Offset = TimeSpan.FromSeconds(index),
            Length = TimeSpan.FromSeconds(1),
            Time = start + TimeSpan.FromSeconds(index + 1),
            Metrics = new Dictionary<SeriesKey, MetricAggregate> { [duration.Key] = duration, [requests.Key] = requests, [failed.Key] = failed },
            Errors = new Dictionary<ErrorKind, long>(),
            Generator = default,
            Vus = 2,
            VusMax = 2,
        };
    }

}

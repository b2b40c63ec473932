using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Benchmarks.Reports;

/// <summary>
/// A synthetic one-hour run as a results file gives it back: 3,600 one-second intervals, four request names with
/// two statuses each (about 1,000 requests a second in all), every interval's histograms compacted.
/// </summary>
internal static class OneHourRun
{
    private static readonly string[] Names = ["home", "search", "encrypt", "decrypt"];

    public static RunResult Build(int seconds = 3600)
    {
        var random = new Random(7);
        var series = new List<IntervalSnapshot>(seconds);
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        for (var second = 0; second < seconds; second++)
        {
            var metrics = new Dictionary<SeriesKey, MetricAggregate>();
            foreach (var name in Names)
            {
                foreach (var (status, share) in new[] { ("200", 245), ("503", 5) })
                {
                    var tags = TagSet.Of(("name", name), ("method", "GET"), ("status", status), ("scenario", "default"));
                    var reqs = Add(metrics, BuiltinMetrics.HttpReqs, tags);
                    var failed = Add(metrics, BuiltinMetrics.HttpReqFailed, tags);
                    var duration = Add(metrics, BuiltinMetrics.HttpReqDuration, tags);
                    var received = Add(metrics, BuiltinMetrics.DataReceived, tags);
                    for (var n = 0; n < share; n++)
                    {
                        reqs.AddCount(1);
                        failed.AddRate(status != "200");
                        duration.AddTrend(500 + random.Next(20_000));
                        received.AddCount(512);
                    }
                }
            }

            foreach (var aggregate in metrics.Values)
            {
                if (totals.TryGetValue(aggregate.Key, out var total))
                {
                    total.Add(aggregate);
                }
                else
                {
                    totals[aggregate.Key] = aggregate.Clone();
                }

                aggregate.Compact();
            }

            series.Add(new IntervalSnapshot
            {
                Offset = TimeSpan.FromSeconds(second),
                Length = TimeSpan.FromSeconds(1),
                Time = DateTimeOffset.UnixEpoch.AddSeconds(second + 1),
                Metrics = metrics,
                Errors = new Dictionary<ErrorKind, long> { [ErrorKind.Http5xx] = 20 },
                Generator = new GeneratorSample(20, 0.4, 0.1, 50, 0, 0),
                Vus = 50,
                VusMax = 50,
            });
        }

        foreach (var total in totals.Values)
        {
            total.Compact();
        }

        return new RunResult
        {
            Run = new RunInfo
            {
                Tool = "bench",
                Started = DateTimeOffset.UnixEpoch,
                Duration = TimeSpan.FromSeconds(seconds),
                Scenarios = [new ScenarioInfo("default", "constant-vus", false, "50 VUs for 1h")],
            },
            Metrics = [.. totals.Values],
            Series = series,
            Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long> { [ErrorKind.Http5xx] = 20L * seconds }, Messages = [] },
            Accounting = new RequestAccounting(1000L * seconds, 980L * seconds, 20L * seconds, 0),
            Generator = new GeneratorHealth(),
        };
    }

    private static MetricAggregate Add(Dictionary<SeriesKey, MetricAggregate> metrics, MetricDefinition metric, TagSet tags)
    {
        var aggregate = new MetricAggregate(metric, tags);
        metrics[aggregate.Key] = aggregate;
        return aggregate;
    }
}

using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Benchmarks.Reports;

/// <summary>
/// A synthetic one-hour run as a results file holds it: 3,600 one-second intervals, four request names over six
/// status series (a flaky name with 500s, a rate-limited one with 429s), three timing trends per series, compacted.
/// </summary>
internal static class HourOfResults
{
    private static readonly (string Name, string Scenario, string Status, int PerSecond, int Micros)[] Series =
    [
        ("home", "browse", "200", 200, 2_000),
        ("search", "browse", "200", 150, 15_000),
        ("flaky", "browse", "200", 180, 4_000),
        ("flaky", "browse", "500", 20, 1_000),
        ("limited", "api", "200", 100, 8_000),
        ("limited", "api", "429", 30, 500),
    ];

    private static readonly MetricDefinition[] Trends =
        [BuiltinMetrics.HttpReqDuration, BuiltinMetrics.HttpReqWaiting, BuiltinMetrics.HttpReqServiceTime];

    /// <summary>Builds the hour (takes a few seconds: about 4.7 million recorded values).</summary>
    public static RunResult Build(int seconds = 3600)
    {
        var random = new Random(11);
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        var intervals = new List<IntervalSnapshot>(seconds);
        long sent = 0, failed = 0;
        for (var second = 0; second < seconds; second++)
        {
            var metrics = new Dictionary<SeriesKey, MetricAggregate>();
            var load = 0.5 + (0.5 * Math.Sin(second / 600.0));
            long errors = 0;
            foreach (var (name, scenario, status, perSecond, micros) in Series)
            {
                var tags = TagSet.Of(("method", "GET"), ("name", name), ("scenario", scenario), ("status", status));
                var count = (int)(perSecond * (0.6 + (0.4 * load)));
                var bad = status != "200";
                foreach (var trend in Trends)
                {
                    var aggregate = Add(metrics, trend, tags);
                    for (var n = 0; n < count; n++)
                    {
                        aggregate.AddTrend(micros + random.Next(micros) + (random.Next(1000) == 0 ? micros * 50 : 0));
                    }
                }

                Add(metrics, BuiltinMetrics.HttpReqs, tags).AddCountBatch(count);
                var rate = Add(metrics, BuiltinMetrics.HttpReqFailed, tags);
                (rate.Passes, rate.Fails) = bad ? (count, 0) : (0, count);
                Add(metrics, BuiltinMetrics.DataReceived, tags).Sum = count * 512.0;
                sent += count;
                failed += bad ? count : 0;
                errors += bad ? count : 0;
            }

            foreach (var scenario in new[] { "browse", "api" })
            {
                Add(metrics, BuiltinMetrics.Iterations, TagSet.Of(("scenario", scenario))).AddCountBatch(scenario == "api" ? 130 : 100);
            }

            foreach (var aggregate in metrics.Values)
            {
                if (!totals.TryGetValue(aggregate.Key, out var total))
                {
                    totals[aggregate.Key] = total = new MetricAggregate(aggregate.Metric, aggregate.Tags);
                }

                total.Add(aggregate);
                aggregate.Compact();
            }

            intervals.Add(new IntervalSnapshot
            {
                Offset = TimeSpan.FromSeconds(second),
                Length = TimeSpan.FromSeconds(1),
                Time = start.AddSeconds(second + 1),
                Metrics = metrics,
                Errors = new Dictionary<ErrorKind, long> { [ErrorKind.Http5xx] = errors },
                Generator = new GeneratorSample(20 + (10 * load), 0.5, 0.2, 40, 0.8, 0),
                Vus = (int)(40 * load),
                VusMax = 40,
                TargetRate = 130,
            });
        }

        return new RunResult
        {
            Run = new RunInfo
            {
                Tool = "stampede bench",
                Started = start,
                Duration = TimeSpan.FromSeconds(seconds),
                Command = "stampede run hour.yaml",
                Scenarios =
                [
                    new ScenarioInfo("browse", "ramping-vus", false, "0 → 40 VUs"),
                    new ScenarioInfo("api", "constant-arrival-rate", true, "130 iterations/s for 1h"),
                ],
            },
            Metrics = [.. totals.Values],
            Series = intervals,
            Errors = new ErrorSummary
            {
                Counts = new Dictionary<ErrorKind, long> { [ErrorKind.Http5xx] = failed },
                Messages = [new ErrorMessage(ErrorKind.Http5xx, "HTTP 500", failed, TimeSpan.FromSeconds(1))],
            },
            Accounting = new RequestAccounting(sent, sent - failed, failed, 0),
            Generator = new GeneratorHealth { CpuPercentMean = 25, CpuPercentMax = 30, MaxConnections = 40 },
        };
    }

    private static MetricAggregate Add(Dictionary<SeriesKey, MetricAggregate> metrics, MetricDefinition metric, TagSet tags)
    {
        var key = new SeriesKey(metric.Name, tags);
        if (!metrics.TryGetValue(key, out var aggregate))
        {
            metrics[key] = aggregate = new MetricAggregate(metric, tags);
        }

        return aggregate;
    }
}

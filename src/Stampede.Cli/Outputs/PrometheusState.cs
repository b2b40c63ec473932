using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Outputs;

/// <summary>
/// Cumulative Prometheus metrics fed by interval snapshots: counters and rates add up, gauges take the latest
/// value, trends become classic histograms with a fixed bucket layout (<see cref="TimeBucketsSeconds"/>), counted
/// from the HDR histogram of each interval. Read by the <c>/metrics</c> endpoint and the remote-write output; safe
/// to read from any thread while the collector updates it. As a sink, it updates itself from every interval.
/// </summary>
public sealed class PrometheusState : ISink
{
    /// <summary>
    /// Upper bounds (<c>le</c>) of the time histograms, in seconds: 0.5 ms … 60 s, then +Inf. A value counts in the
    /// first bucket whose bound is at or above the highest value of its HDR bucket, so a bucket count agrees with the
    /// percentiles the reports compute from the same histogram (HDR's 3 significant digits: within 0.1 %).
    /// </summary>
    public static readonly IReadOnlyList<double> TimeBucketsSeconds =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Upper bounds of the histograms of trends that are not times, in the trend's own unit.</summary>
    public static readonly IReadOnlyList<double> ValueBuckets =
        [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 100_000, 1_000_000];

    private static readonly long[] TimeBoundsMicros = [.. TimeBucketsSeconds.Select(b => (long)Math.Round(b * 1_000_000))];
    private static readonly long[] ValueBounds = [.. ValueBuckets.Select(b => (long)b)];

    private const string ErrorsFamily = PrometheusNames.Prefix + "errors_total";
    private const string CpuFamily = PrometheusNames.Prefix + "generator_cpu_percent";
    private const string ConnectionsFamily = PrometheusNames.Prefix + "generator_connections";
    private const string LagFamily = PrometheusNames.Prefix + "generator_scheduling_lag_p99_seconds";
    private const string GcFamily = PrometheusNames.Prefix + "generator_gc_pause_seconds_total";

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, PrometheusFamily> _families = new(StringComparer.Ordinal);

    /// <summary>Number of intervals taken in so far.</summary>
    public long Intervals { get; private set; }

    /// <summary>Adds one interval.</summary>
    public void Update(IntervalSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            foreach (var (key, aggregate) in snapshot.Metrics)
            {
                Add(aggregate);
            }

            foreach (var (kind, count) in snapshot.Errors)
            {
                Family(ErrorsFamily, PrometheusType.Counter, "Failures by kind (http_4xx, timeout, check_failed, …).")
                    .Get(TagSet.Of(("kind", kind.ToName()))).Value += count;
            }

            var generator = snapshot.Generator;
            // Dropped iterations are the dropped_iterations metric (by scenario), not repeated here from the generator's view.
            Family(CpuFamily, PrometheusType.Gauge, "Generator CPU in the last interval, percent of all cores.")
                .Get(TagSet.Empty).Value = generator.CpuPercent;
            Family(ConnectionsFamily, PrometheusType.Gauge, "Connections the generator holds open.")
                .Get(TagSet.Empty).Value = generator.Connections;
            Family(LagFamily, PrometheusType.Gauge, "p99 of the open-model scheduling lag in the last interval.")
                .Get(TagSet.Empty).Value = generator.SchedulingLagP99Ms / 1000.0;
            Family(GcFamily, PrometheusType.Counter, "Time the generator paused for garbage collection.")
                .Get(TagSet.Empty).Value += generator.GcPauseMs / 1000.0;
            Intervals++;
        }
    }

    /// <inheritdoc />
    void ISink.OnInterval(IntervalSnapshot snapshot, RunProgress progress) => Update(snapshot);

    /// <inheritdoc />
    void ISink.OnCompleted(RunResult result)
    {
    }

    /// <summary>Runs <paramref name="read"/> on the families while no update can happen.</summary>
    internal T Read<T>(Func<IEnumerable<PrometheusFamily>, T> read)
    {
        lock (_lock)
        {
            return read(_families.Values);
        }
    }

    /// <summary>Writes the state in the text exposition format 0.0.4.</summary>
    public void WriteText(TextWriter writer) => Read(families =>
    {
        PrometheusExposition.Write(writer, families);
        return 0;
    });

    private void Add(MetricAggregate aggregate)
    {
        var metric = aggregate.Metric;
        var name = PrometheusNames.Family(metric);
        switch (metric.Type)
        {
            case MetricType.Counter:
                Family(name, PrometheusType.Counter, $"k6 counter {metric.Name}" + (metric.IsData ? " (bytes)." : "."))
                    .Get(aggregate.Tags).Value += aggregate.Sum;
                break;
            case MetricType.Rate:
                Family(name, PrometheusType.Counter, $"k6 rate {metric.Name}: samples that were true.")
                    .Get(aggregate.Tags).Value += aggregate.Passes;
                Family(PrometheusNames.RateSamples(metric), PrometheusType.Counter, $"k6 rate {metric.Name}: all samples, true and false.")
                    .Get(aggregate.Tags).Value += aggregate.Passes + aggregate.Fails;
                break;
            case MetricType.Gauge:
                Family(name, PrometheusType.Gauge, $"k6 gauge {metric.Name}.").Get(aggregate.Tags).Value = aggregate.Value;
                break;
            case MetricType.Trend:
                var family = metric.IsTime
                    ? Family(name, PrometheusType.Histogram, $"k6 trend {metric.Name}, seconds.", TimeBoundsMicros, 1_000_000)
                    : Family(name, PrometheusType.Histogram, $"k6 trend {metric.Name}.", ValueBounds, 1);
                AddHistogram(family, family.Get(aggregate.Tags), aggregate);
                break;
        }
    }

    private static void AddHistogram(PrometheusFamily family, PrometheusSeries series, MetricAggregate aggregate)
    {
        if (aggregate.Count == 0)
        {
            return;
        }

        series.Count += aggregate.Count;
        series.Sum += aggregate.Sum / family.BoundUnit;
        if (aggregate.Histogram is not { } histogram)
        {
            return;
        }

        var bounds = family.Bounds;
        var bucket = 0;
        foreach (var value in histogram.RecordedValues())
        {
            // Recorded values come in ascending order: the bucket only moves up.
            while (bucket < bounds.Length && value.ValueIteratedTo > bounds[bucket])
            {
                bucket++;
            }

            if (bucket == bounds.Length)
            {
                break;
            }

            series.Buckets[bucket] += value.CountAtValueIteratedTo;
        }
    }

    private PrometheusFamily Family(string name, PrometheusType type, string help, long[]? bounds = null, double unit = 1)
    {
        if (!_families.TryGetValue(name, out var family))
        {
            family = new PrometheusFamily(name, type, help, bounds, unit);
            _families[name] = family;
        }

        return family;
    }
}

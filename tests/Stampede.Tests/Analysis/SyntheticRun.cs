using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Analysis;

/// <summary>
/// Builds a <see cref="RunResult"/> interval by interval from a load level and what the target did at it, so each
/// finding can be tested on a run whose shape is known exactly.
/// </summary>
internal sealed class SyntheticRun(bool open = false, int seed = 11)
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(seed);
    private readonly List<IntervalSnapshot> _series = [];
    private readonly Dictionary<SeriesKey, MetricAggregate> _totals = [];
    private readonly Dictionary<ErrorKind, long> _errors = [];
    private long _requests;
    private long _failed;

    public bool Open => open;

    /// <summary>
    /// Adds one second at <paramref name="load"/> (VUs, or the target rate when open) with <paramref name="requests"/>
    /// requests named <paramref name="name"/>, each taking <paramref name="latency"/>(random) µs; the first
    /// <paramref name="failed"/> answer 500 and the next <paramref name="limited"/> answer 429. In the open model the
    /// service time is <paramref name="service"/>(random) µs, or the latency when not given.
    /// </summary>
    public SyntheticRun Second(double load, int requests, Func<Random, long> latency, string name = "home", int failed = 0, int limited = 0,
        Func<Random, long>? service = null, double cpuPercent = 20, TimeSpan? length = null)
    {
        var metrics = new Dictionary<SeriesKey, MetricAggregate>();
        var errors = new Dictionary<ErrorKind, long>();
        for (var i = 0; i < requests; i++)
        {
            var status = i < failed ? "500" : i < failed + limited ? "429" : "200";
            var tags = TagSet.Of(("name", name), ("method", "GET"), ("status", status), ("scenario", "s"));
            var micros = latency(_random);
            Series(metrics, BuiltinMetrics.HttpReqs, tags).AddCount(1);
            Series(metrics, BuiltinMetrics.HttpReqDuration, tags).AddTrend(micros);
            if (open)
            {
                Series(metrics, BuiltinMetrics.HttpReqServiceTime, tags).AddTrend(service?.Invoke(_random) ?? micros);
            }

            var fails = status != "200";
            Series(metrics, BuiltinMetrics.HttpReqFailed, tags).AddRate(fails);
            if (fails)
            {
                var kind = status == "500" ? ErrorKind.Http5xx : ErrorKind.Http4xx;
                errors[kind] = errors.GetValueOrDefault(kind) + 1;
                _failed++;
            }
        }

        _requests += requests;
        foreach (var (kind, count) in errors)
        {
            _errors[kind] = _errors.GetValueOrDefault(kind) + count;
        }

        foreach (var aggregate in metrics.Values)
        {
            if (!_totals.TryGetValue(aggregate.Key, out var total))
            {
                _totals[aggregate.Key] = total = new MetricAggregate(aggregate.Metric, aggregate.Tags);
            }

            total.Add(aggregate);
            aggregate.Compact(); // As the collector leaves them.
        }

        var offset = TimeSpan.FromSeconds(_series.Count);
        _series.Add(new IntervalSnapshot
        {
            Offset = offset,
            Length = length ?? TimeSpan.FromSeconds(1),
            Time = Start + offset + TimeSpan.FromSeconds(1),
            Metrics = metrics,
            Errors = errors,
            Generator = new GeneratorSample(cpuPercent, cpuPercent / 50, 0, 10, 0, 0),
            Vus = open ? 10 : (int)load,
            VusMax = open ? 100 : (int)load,
            TargetRate = open ? load : null,
        });
        return this;
    }

    public RunResult Build(GeneratorHealth? generator = null) => new()
    {
        Run = new RunInfo
        {
            Tool = "stampede 0.1.0",
            Started = Start,
            Duration = TimeSpan.FromSeconds(_series.Count),
            Scenarios = [new ScenarioInfo("s", open ? "ramping-arrival-rate" : "ramping-vus", open, "synthetic")],
        },
        Metrics = [.. _totals.Values],
        Series = _series,
        Errors = new ErrorSummary { Counts = _errors, Messages = [] },
        Accounting = new RequestAccounting(_requests, _requests - _failed, _failed, 0),
        Generator = generator ?? new GeneratorHealth { CpuPercentMean = 20, CpuPercentMax = 25, Cores = 2 },
    };

    /// <summary>A latency around <paramref name="micros"/>, within ±<paramref name="spread"/> (a share).</summary>
    public static Func<Random, long> Around(double micros, double spread = 0.1) =>
        random => (long)(micros * (1 + (spread * ((2 * random.NextDouble()) - 1))));

    private static MetricAggregate Series(Dictionary<SeriesKey, MetricAggregate> metrics, MetricDefinition metric, TagSet tags)
    {
        var key = new SeriesKey(metric.Name, tags);
        if (!metrics.TryGetValue(key, out var aggregate))
        {
            metrics[key] = aggregate = new MetricAggregate(metric, tags);
        }

        return aggregate;
    }
}

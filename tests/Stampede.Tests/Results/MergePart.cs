using Stampede.Metrics;
using Stampede.Results;
using Stampede.Thresholds;

namespace Stampede.Tests.Results;

/// <summary>Builds one generator's hand-made result for merge tests, interval by interval.</summary>
internal sealed class MergePart(DateTimeOffset started, int intervals)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 4, 0, 0, TimeSpan.Zero);

    public static readonly TagSet Home = TagSet.Of(("name", "home"), ("scenario", "s"), ("status", "200"));

    private readonly List<Dictionary<SeriesKey, MetricAggregate>> _intervals =
        [.. Enumerable.Range(0, intervals).Select(_ => new Dictionary<SeriesKey, MetricAggregate>())];

    private readonly Dictionary<ErrorKind, long> _errors = [];
    private readonly List<ErrorMessage> _messages = [];
    private readonly List<ThresholdResult> _thresholds = [];
    private readonly List<string> _warnings = [];
    private long _failed;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public string Tool { get; init; } = "stampede 0.1.0";

    public string Outcome { get; init; } = "completed";

    public string Machine { get; init; } = "gen";

    public IReadOnlyList<LoadChange> Changes { get; init; } = [];

    /// <summary>Requests that took <paramref name="micros"/> each, in interval <paramref name="at"/>.</summary>
    public MergePart Requests(int at, params long[] micros)
    {
        foreach (var value in micros)
        {
            Series(at, BuiltinMetrics.HttpReqs, Home).AddCount(1);
            Series(at, BuiltinMetrics.HttpReqDuration, Home).AddTrend(value);
            Series(at, BuiltinMetrics.HttpReqFailed, Home).AddRate(false);
        }

        return this;
    }

    public MergePart Failures(int at, int count, string message)
    {
        var tags = TagSet.Of(("name", "home"), ("scenario", "s"), ("status", "503"));
        for (var i = 0; i < count; i++)
        {
            Series(at, BuiltinMetrics.HttpReqs, tags).AddCount(1);
            Series(at, BuiltinMetrics.HttpReqDuration, tags).AddTrend(100);
            Series(at, BuiltinMetrics.HttpReqFailed, tags).AddRate(true);
        }

        _failed += count;
        _errors[ErrorKind.Http5xx] = _errors.GetValueOrDefault(ErrorKind.Http5xx) + count;
        var existing = _messages.FindIndex(m => m.Message == message);
        if (existing >= 0)
        {
            _messages[existing] = _messages[existing] with { Count = _messages[existing].Count + count };
        }
        else
        {
            _messages.Add(new ErrorMessage(ErrorKind.Http5xx, message, count, Interval * at));
        }

        return this;
    }

    public MergePart Vus(int at, int vus)
    {
        Series(at, BuiltinMetrics.Vus, TagSet.Empty).SetGauge(vus);
        return this;
    }

    public MergePart Check(int at, string name, int passes, int fails)
    {
        var aggregate = Series(at, BuiltinMetrics.Checks, TagSet.Of(("scenario", "s"), ("check", name)));
        aggregate.Passes += passes;
        aggregate.Fails += fails;
        return this;
    }

    /// <summary>A threshold verdict as the generator judged it (on its own data).</summary>
    public MergePart Threshold(string target, string expression, bool passed, TimeSpan? abortedAt = null)
    {
        _thresholds.Add(new ThresholdResult(ThresholdParser.Parse(target, expression), passed, 0, null) { AbortedAt = abortedAt });
        return this;
    }

    public MergePart Warning(string warning)
    {
        _warnings.Add(warning);
        return this;
    }

    public RunResult Build()
    {
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        var series = new List<IntervalSnapshot>();
        long requests = 0;
        for (var i = 0; i < _intervals.Count; i++)
        {
            var metrics = _intervals[i];
            foreach (var (key, value) in metrics)
            {
                if (!totals.TryGetValue(key, out var total))
                {
                    total = new MetricAggregate(value.Metric, value.Tags);
                    totals[key] = total;
                }

                total.Add(value);
                if (key.Metric == BuiltinMetrics.HttpReqs.Name)
                {
                    requests += value.Count;
                }
            }

            var vus = metrics.TryGetValue(new SeriesKey(BuiltinMetrics.Vus.Name, TagSet.Empty), out var gauge) ? (int)gauge.Value : 0;
            series.Add(new IntervalSnapshot
            {
                Offset = Interval * i,
                Length = Interval,
                Time = started + (Interval * (i + 1)),
                Metrics = metrics,
                Errors = new Dictionary<ErrorKind, long>(),
                Generator = new GeneratorSample(10 + i, 0.5, 1, 4, 0, 0),
                Vus = vus,
                VusMax = vus,
            });
        }

        var result = new RunResult
        {
            Run = new RunInfo
            {
                Tool = Tool,
                Started = started,
                Duration = Interval * _intervals.Count,
                Command = "stampede run plan.yaml",
                Machine = Machine,
                Outcome = Outcome,
                Interval = Interval,
                Scenarios = [new ScenarioInfo("s", "shared-iterations", false, "100 iterations shared by 4 VUs")],
            },
            Metrics = [.. totals.Values],
            Series = series,
            Changes = Changes,
            Errors = new ErrorSummary { Counts = _errors, Messages = _messages },
            Accounting = new RequestAccounting(requests, requests - _failed, _failed, 0),
            Generator = new GeneratorHealth { CpuPercentMean = 20, CpuPercentMax = 30, Cores = 2, MaxConnections = 4, Warnings = _warnings },
        };
        result.Thresholds = _thresholds;
        return result;
    }

    private MetricAggregate Series(int at, MetricDefinition metric, TagSet tags)
    {
        var key = new SeriesKey(metric.Name, tags);
        if (!_intervals[at].TryGetValue(key, out var aggregate))
        {
            aggregate = new MetricAggregate(metric, tags);
            _intervals[at][key] = aggregate;
        }

        return aggregate;
    }
}

using System.Globalization;
using Stampede.Metrics;

namespace Stampede.Thresholds;

/// <summary>What a threshold compares: a statistic of a metric's (filtered) samples.</summary>
public enum ThresholdStatistic
{
    /// <summary>Trend: <c>p(N)</c>, the value at percentile N (0–100).</summary>
    Percentile,

    /// <summary>Trend: <c>avg</c>.</summary>
    Avg,

    /// <summary>Trend: <c>med</c> (p(50)).</summary>
    Med,

    /// <summary>Trend or gauge: <c>min</c>.</summary>
    Min,

    /// <summary>Trend or gauge: <c>max</c>.</summary>
    Max,

    /// <summary>Counter: <c>count</c>, the total.</summary>
    Count,

    /// <summary>Counter: <c>rate</c>, per second. Rate metric: <c>rate</c>, the share of true samples (0–1).</summary>
    Rate,

    /// <summary>Gauge: <c>value</c>, the last value.</summary>
    Value,
}

/// <summary>The comparison of a threshold.</summary>
public enum ThresholdOperator
{
    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>==</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,
}

/// <summary>
/// One pass/fail condition on a run, in k6's syntax: a metric with an optional tag filter
/// (<c>http_req_duration{name:encrypt}</c>) and an expression (<c>p(95)&lt;500</c>), optionally over a time
/// window (<c>p(95)&lt;500 over 30s</c>: it must hold in every window of that length, not only overall).
/// Times are in milliseconds, counter rates per second, rate metrics a share from 0 to 1.
/// </summary>
public sealed record Threshold
{
    /// <summary>The metric.</summary>
    public required MetricDefinition Metric { get; init; }

    /// <summary>Tags the metric's series must carry (empty: all series).</summary>
    public TagSet Filter { get; init; } = TagSet.Empty;

    /// <summary>The statistic compared.</summary>
    public required ThresholdStatistic Statistic { get; init; }

    /// <summary>For <see cref="ThresholdStatistic.Percentile"/>: the percentile, 0–100.</summary>
    public double Percentile { get; init; }

    /// <summary>The comparison.</summary>
    public required ThresholdOperator Operator { get; init; }

    /// <summary>The limit, in the statistic's unit (ms for times).</summary>
    public required double Limit { get; init; }

    /// <summary>When set, the condition must hold in every window of this length, not only over the run.</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>Stop the run as soon as the threshold is crossed (live evaluation).</summary>
    public bool AbortOnFail { get; init; }

    /// <summary>With <see cref="AbortOnFail"/>: how long after the start before a crossing may abort.</summary>
    public TimeSpan DelayAbortEval { get; init; }

    /// <summary>The threshold as written: <c>metric{tags}: expression</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The expression as written, e.g. <c>p(95)&lt;500 over 30s</c>.</summary>
    public required string Expression { get; init; }

    /// <summary>The metric and filter as written, e.g. <c>http_req_duration{name:encrypt}</c>.</summary>
    public string Target => Filter.Count == 0
        ? Metric.Name
        : Metric.Name + "{" + string.Join(",", Filter.Tags.Select(t => t.Key + ":" + t.Value)) + "}";

    /// <summary>Whether <paramref name="observed"/> satisfies the condition.</summary>
    public bool Holds(double observed) => Operator switch
    {
        ThresholdOperator.Less => observed < Limit,
        ThresholdOperator.LessOrEqual => observed <= Limit,
        ThresholdOperator.Greater => observed > Limit,
        ThresholdOperator.GreaterOrEqual => observed >= Limit,
        ThresholdOperator.Equal => observed == Limit,
        _ => observed != Limit,
    };

    /// <summary>
    /// The statistic over <paramref name="aggregate"/> in the threshold's unit, or null when there is no
    /// sample to judge (a threshold on nothing neither passes nor fails by accident: see the evaluator).
    /// </summary>
    /// <param name="aggregate">The metric's samples over the period.</param>
    /// <param name="period">How long the period lasted (for counter rates).</param>
    public double? Observe(MetricAggregate? aggregate, TimeSpan period)
    {
        if (aggregate is null)
        {
            return Metric.Type == MetricType.Counter ? 0 : null;
        }

        var scale = Metric.IsTime ? 0.001 : 1; // trends of times are kept in µs, compared in ms
        return Statistic switch
        {
            ThresholdStatistic.Percentile => aggregate.Count == 0 ? null : aggregate.Percentile(Percentile) * scale,
            ThresholdStatistic.Med => aggregate.Count == 0 ? null : aggregate.Percentile(50) * scale,
            ThresholdStatistic.Avg => aggregate.Count == 0 ? null : aggregate.Mean * scale,
            ThresholdStatistic.Min => double.IsNaN(aggregate.Min) ? null : aggregate.Min * scale,
            ThresholdStatistic.Max => double.IsNaN(aggregate.Max) ? null : aggregate.Max * scale,
            ThresholdStatistic.Count => aggregate.Sum,
            ThresholdStatistic.Rate when Metric.Type == MetricType.Counter =>
                period > TimeSpan.Zero ? aggregate.Sum / period.TotalSeconds : null,
            ThresholdStatistic.Rate => aggregate.Passes + aggregate.Fails == 0 ? null : aggregate.Rate,
            _ => aggregate.Value,
        };
    }

    /// <summary>The statistic as written: <c>p(95)</c>, <c>avg</c>, <c>rate</c>.</summary>
    public string StatisticName => Statistic == ThresholdStatistic.Percentile
        ? "p(" + Percentile.ToString(CultureInfo.InvariantCulture) + ")"
        : Statistic.ToString().ToLowerInvariant();
}

using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Thresholds;

/// <summary>The verdict on one threshold.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="Passed">Whether it held (overall, or in every window).</param>
/// <param name="Observed">
/// The value judged, in the threshold's unit: the run's, or the worst window's for a windowed threshold;
/// null when there was no sample to judge, which counts as crossed — a threshold on a request that never
/// ran must not pass silently.
/// </param>
/// <param name="WindowStart">For a windowed threshold that failed: where its worst window starts in the run.</param>
public sealed record ThresholdResult(Threshold Threshold, bool Passed, double? Observed, TimeSpan? WindowStart)
{
    /// <summary>For the <c>abortOnFail</c> threshold that stopped the run: when, from the start; null for every other.</summary>
    public TimeSpan? AbortedAt { get; init; }
}

/// <summary>Judges thresholds against a run's totals and its per-interval series.</summary>
public static class ThresholdEvaluator
{
    /// <summary>Evaluates <paramref name="threshold"/> on <paramref name="result"/>.</summary>
    public static ThresholdResult Evaluate(Threshold threshold, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(result);
        if (threshold.Window is not { } window)
        {
            var observed = Observe(threshold, series => result.Total(threshold.Metric, series), result.Run.Duration);
            return new ThresholdResult(threshold, observed is { } value && threshold.Holds(value), observed, null);
        }

        return EvaluateWindows(threshold, result.Series, window);
    }

    /// <summary>
    /// During a run, for <c>abortOnFail</c>: a threshold without a window is judged on everything so far,
    /// a windowed one on the latest complete window only (the earlier ones were judged at their time).
    /// Null while there is nothing to judge yet.
    /// </summary>
    internal static ThresholdResult? EvaluateSoFar(Threshold threshold, IReadOnlyCollection<MetricAggregate> totals,
        IReadOnlyList<IntervalSnapshot> series, TimeSpan elapsed)
    {
        double? observed;
        TimeSpan? windowStart = null;
        if (threshold.Window is not { } window)
        {
            observed = Observe(threshold, filter => MetricAggregate.SumOf(totals, threshold.Metric, filter), elapsed);
        }
        else
        {
            var first = series.Count;
            var length = TimeSpan.Zero;
            while (first > 0 && length < window - TimeSpan.FromMilliseconds(1))
            {
                first--;
                length += series[first].Length;
            }

            if (length < window - TimeSpan.FromMilliseconds(1))
            {
                return null;
            }

            var slice = series.Skip(first).ToList();
            observed = Observe(threshold, filter => Merge(slice, threshold.Metric, filter), length);
            windowStart = series[first].Offset;
        }

        if (observed is not { } value)
        {
            return null;
        }

        var passed = threshold.Holds(value);
        return new ThresholdResult(threshold, passed, value, passed ? null : windowStart);
    }

    // Every window of `window` length that the intervals allow, sliding by one interval. A run shorter than
    // the window is judged as one window. The worst window is the one that fails, or else the closest to failing.
    private static ThresholdResult EvaluateWindows(Threshold threshold, IReadOnlyList<IntervalSnapshot> series, TimeSpan window)
    {
        double? worst = null;
        TimeSpan? worstStart = null;
        var anyJudged = false;
        for (var first = 0; first < series.Count; first++)
        {
            var start = series[first].Offset;
            var last = first;
            var length = TimeSpan.Zero;
            while (last < series.Count && length < window - TimeSpan.FromMilliseconds(1))
            {
                length += series[last].Length;
                last++;
            }

            // Only full windows, except when the whole run is shorter than one.
            if (length < window - TimeSpan.FromMilliseconds(1) && first > 0)
            {
                break;
            }

            var slice = series.Skip(first).Take(last - first).ToList();
            var observed = Observe(threshold, filter => Merge(slice, threshold.Metric, filter), length);
            if (observed is not { } value)
            {
                continue;
            }

            anyJudged = true;
            if (worst is null || IsWorse(threshold, value, worst.Value))
            {
                worst = value;
                worstStart = start;
            }

            if (last == series.Count)
            {
                break;
            }
        }

        var passed = anyJudged && threshold.Holds(worst!.Value);
        return new ThresholdResult(threshold, passed, worst, passed ? null : worstStart);
    }

    // A Rate metric filtered by `status` or `error` is a share of all the requests of the rest of the
    // filter: http_req_failed{status:429} is the share of requests answered 429, not the failure rate
    // among them (which is always 1).
    private static double? Observe(Threshold threshold, Func<TagSet, MetricAggregate?> total, TimeSpan period)
    {
        var filter = threshold.Filter;
        if (threshold.Metric.Type == MetricType.Rate && (filter["status"] is not null || filter["error"] is not null))
        {
            var all = total(TagSet.Of(filter.Tags.Where(t => t.Key is not ("status" or "error"))));
            if (all is null || all.Passes + all.Fails == 0)
            {
                return null;
            }

            var matching = total(filter);
            return (double)((matching?.Passes ?? 0) + (matching?.Fails ?? 0)) / (all.Passes + all.Fails);
        }

        return threshold.Observe(total(filter), period);
    }

    private static MetricAggregate? Merge(List<IntervalSnapshot> slice, MetricDefinition metric, TagSet filter) =>
        MetricAggregate.SumOf(slice.SelectMany(interval => interval.Metrics.Values), metric, filter);

    // "Worse" is toward crossing: larger for < and <=, smaller for > and >=; for == and != any failing value.
    private static bool IsWorse(Threshold threshold, double candidate, double current) => threshold.Operator switch
    {
        ThresholdOperator.Less or ThresholdOperator.LessOrEqual => candidate > current,
        ThresholdOperator.Greater or ThresholdOperator.GreaterOrEqual => candidate < current,
        _ => !threshold.Holds(candidate) && threshold.Holds(current),
    };
}

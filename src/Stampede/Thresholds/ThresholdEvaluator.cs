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

    // Every window of `window` length that the intervals allow, sliding by one interval. A run shorter than
    // the window is judged as one window. The worst window is the one that fails, or else the closest to failing.
    private static ThresholdResult EvaluateWindows(Threshold threshold, IReadOnlyList<IntervalSnapshot> series, TimeSpan window)
    {
        double? worst = null;
        TimeSpan? worstStart = null;
        var anyJudged = false;
        var sliding = new ThresholdWindow(threshold);
        var last = 0;
        for (var first = 0; first < series.Count; first++)
        {
            while (last < series.Count && sliding.Length < window - TimeSpan.FromMilliseconds(1))
            {
                sliding.Push(series[last]);
                last++;
            }

            // Only full windows, except when the whole run is shorter than one.
            if (sliding.Length < window - TimeSpan.FromMilliseconds(1) && first > 0)
            {
                break;
            }

            if (sliding.Observe() is { } value)
            {
                anyJudged = true;
                if (worst is null || IsWorse(threshold, value, worst.Value))
                {
                    worst = value;
                    worstStart = series[first].Offset;
                }
            }

            if (last == series.Count)
            {
                break;
            }

            sliding.Pop();
        }

        var passed = anyJudged && threshold.Holds(worst!.Value);
        return new ThresholdResult(threshold, passed, worst, passed ? null : worstStart);
    }

    /// <summary>
    /// True when <paramref name="threshold"/> is a share of all requests rather than a rate among the filtered
    /// ones (a rate metric filtered by <c>status</c> or <c>error</c>); <paramref name="rest"/> is then the
    /// filter without those tags, which selects "all".
    /// </summary>
    internal static bool IsShareOfAll(Threshold threshold, out TagSet rest)
    {
        var filter = threshold.Filter;
        if (threshold.Metric.Type == MetricType.Rate && (filter["status"] is not null || filter["error"] is not null))
        {
            rest = TagSet.Of(filter.Tags.Where(t => t.Key is not ("status" or "error")));
            return true;
        }

        rest = filter;
        return false;
    }

    // A Rate metric filtered by `status` or `error` is a share of all the requests of the rest of the
    // filter: http_req_failed{status:429} is the share of requests answered 429, not the failure rate
    // among them (which is always 1). `total` is asked for the threshold's own filter and for that rest.
    internal static double? Observe(Threshold threshold, Func<TagSet, MetricAggregate?> total, TimeSpan period)
    {
        if (IsShareOfAll(threshold, out var rest))
        {
            var all = total(rest);
            if (all is null || all.Passes + all.Fails == 0)
            {
                return null;
            }

            var matching = total(threshold.Filter);
            return (double)((matching?.Passes ?? 0) + (matching?.Fails ?? 0)) / (all.Passes + all.Fails);
        }

        return threshold.Observe(total(threshold.Filter), period);
    }

    // "Worse" is toward crossing: larger for < and <=, smaller for > and >=; for == and != any failing value.
    internal static bool IsWorse(Threshold threshold, double candidate, double current) => threshold.Operator switch
    {
        ThresholdOperator.Less or ThresholdOperator.LessOrEqual => candidate > current,
        ThresholdOperator.Greater or ThresholdOperator.GreaterOrEqual => candidate < current,
        _ => !threshold.Holds(candidate) && threshold.Holds(current),
    };
}

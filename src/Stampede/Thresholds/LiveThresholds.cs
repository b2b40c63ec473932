using Stampede.Metrics;

namespace Stampede.Thresholds;

/// <summary>
/// Judges every threshold after each interval of a running test, for the live view and for <c>abortOnFail</c>.
/// A threshold without a window is judged on everything so far, and can recover. A windowed threshold is judged on
/// each window as it completes (the latest <c>over</c> length of intervals, sliding by one). Once a window has
/// crossed, the threshold stays crossed, because it must hold in every window. Each interval costs a windowed
/// threshold two merges (<see cref="ThresholdWindow"/>), whatever the window's length.
/// </summary>
internal sealed class LiveThresholds
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1);

    private readonly Threshold[] _thresholds;
    private readonly ThresholdWindow?[] _windows;
    private readonly ThresholdResult?[] _latest;
    private readonly ThresholdResult?[] _crossed;

    public LiveThresholds(IReadOnlyList<Threshold> thresholds)
    {
        _thresholds = [.. thresholds];
        _windows = [.. _thresholds.Select(t => t.Window is null ? null : new ThresholdWindow(t))];
        _latest = new ThresholdResult?[_thresholds.Length];
        _crossed = new ThresholdResult?[_thresholds.Length];
    }

    /// <summary>
    /// Each threshold's standing, in the plan's order: the run so far, the latest window, or the worst window that
    /// crossed. Null while there is nothing to judge yet (no sample, or the first window is not complete).
    /// A new list on each call, which the caller may keep.
    /// </summary>
    public IReadOnlyList<ThresholdResult?> Current => [.. _crossed.Zip(_latest, (crossed, latest) => crossed ?? latest)];

    /// <summary>The threshold's latest verdict: the run so far, or its latest complete window. What <c>abortOnFail</c> acts on.</summary>
    public ThresholdResult? Latest(Threshold threshold) => _latest[Array.IndexOf(_thresholds, threshold)];

    /// <summary>Judges every threshold after <paramref name="interval"/>; <paramref name="totals"/> are the run's totals so far, including it.</summary>
    public void Update(IReadOnlyCollection<MetricAggregate> totals, IntervalSnapshot interval, TimeSpan elapsed)
    {
        for (var i = 0; i < _thresholds.Length; i++)
        {
            var threshold = _thresholds[i];
            if (_windows[i] is not { } window)
            {
                var observed = ThresholdEvaluator.Observe(threshold, filter => MetricAggregate.SumOf(totals, threshold.Metric, filter), elapsed);
                _latest[i] = observed is { } value ? new ThresholdResult(threshold, threshold.Holds(value), value, null) : null;
                continue;
            }

            window.Push(interval);
            var length = threshold.Window!.Value - Slack;
            while (window.Length - window.OldestLength >= length)
            {
                window.Pop();
            }

            if (window.Length < length || window.Observe() is not { } windowed)
            {
                continue;
            }

            var passed = threshold.Holds(windowed);
            _latest[i] = new ThresholdResult(threshold, passed, windowed, passed ? null : window.Start);
            if (!passed && (_crossed[i] is not { Observed: { } worst } || ThresholdEvaluator.IsWorse(threshold, windowed, worst)))
            {
                _crossed[i] = _latest[i];
            }
        }
    }
}

using Stampede.Metrics;
using Stampede.Results;
using Stampede.Thresholds;

namespace Stampede.Engine.Profiles;

/// <summary>
/// How far an open-model ramp (a breakpoint run) got: when it stopped and why, and over the last full
/// metrics interval before the stop, the arrival rate the schedule asked for and the rate the system delivered.
/// </summary>
public sealed record BreakpointReport
{
    /// <summary>How the run ended: <c>completed</c>, <c>aborted</c> or <c>interrupted</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The abortOnFail threshold that stopped the run, with the value that crossed it; null when none did.</summary>
    public ThresholdResult? StoppedBy { get; init; }

    /// <summary>
    /// When the ramp stopped, from the start: the abort, the interrupt, or the end of the schedule (never
    /// later than the schedule's end).
    /// </summary>
    public required TimeSpan StoppedAt { get; init; }

    /// <summary>
    /// Iterations per second the schedule asked for, all open-model scenarios together: on average over the
    /// interval <see cref="AchievedRate"/> was measured on, so the two compare; without such an interval, at
    /// <see cref="StoppedAt"/>.
    /// </summary>
    public required double TargetRate { get; init; }

    /// <summary>The highest rate in the schedule (iterations per second, all open-model scenarios together).</summary>
    public required double PeakRate { get; init; }

    /// <summary>
    /// Iterations per second that completed in the last full metrics interval before <see cref="StoppedAt"/>
    /// (open-model scenarios only); null when no full interval ended by then.
    /// </summary>
    public double? AchievedRate { get; init; }

    /// <summary>Where that interval starts, from the run's start; null with <see cref="AchievedRate"/>.</summary>
    public TimeSpan? MeasuredFrom { get; init; }

    /// <summary>Where that interval ends, from the run's start; null with <see cref="AchievedRate"/>.</summary>
    public TimeSpan? MeasuredUntil { get; init; }

    /// <summary>True when the schedule ran to its end: the peak was reached.</summary>
    public required bool PeakReached { get; init; }

    /// <summary>
    /// Reads the report from the plan that ran (its open-model schedules) and its result. Null when the plan
    /// has no arrival-rate scenario.
    /// </summary>
    public static BreakpointReport? Compute(TestPlan plan, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(result);
        var open = plan.Scenarios
            .Select(s => (s.Name, s.Executor.StartTime, Curve: LoadCurve.Of(s.Executor)))
            .Where(s => s.Curve is { OpenModel: true })
            .Select(s => (s.Name, s.StartTime, Curve: s.Curve!))
            .ToList();
        if (open.Count == 0)
        {
            return null;
        }

        var end = open.Max(s => s.StartTime + s.Curve.Duration);
        var stoppedBy = result.Thresholds.FirstOrDefault(t => t.AbortedAt is not null);
        var stoppedAt = result.Run.Outcome switch
        {
            "completed" => end,
            _ => stoppedBy?.AbortedAt ?? result.Run.Duration,
        };
        if (stoppedAt > end)
        {
            stoppedAt = end;
        }

        var measured = LastFullInterval(result, stoppedAt);
        return new BreakpointReport
        {
            Outcome = result.Run.Outcome,
            StoppedBy = stoppedBy,
            StoppedAt = stoppedAt,
            TargetRate = measured is { } m
                ? open.Sum(s => s.Curve.Mean(m.Offset - s.StartTime, m.Offset + m.Length - s.StartTime))
                : open.Sum(s => s.Curve.At(stoppedAt - s.StartTime)),
            PeakRate = open.Sum(s => s.Curve.Peak),
            AchievedRate = measured is null ? null : Iterations(measured, open.Select(s => s.Name)) / measured.Length.TotalSeconds,
            MeasuredFrom = measured?.Offset,
            MeasuredUntil = measured is null ? null : measured.Offset + measured.Length,
            PeakReached = stoppedAt >= end,
        };
    }

    // The last interval at least half an interval long with most of it before the stop. An abort comes at an
    // interval's end, so the short interval after it is skipped; at the schedule's end the last interval may
    // run on into the graceful stop for a few milliseconds, and still counts: the target is averaged over the
    // same span (0 after the end), so the two rates stay comparable.
    private static IntervalSnapshot? LastFullInterval(RunResult result, TimeSpan stoppedAt)
    {
        var interval = result.Run.Interval;
        for (var i = result.Series.Count - 1; i >= 0; i--)
        {
            var snapshot = result.Series[i];
            if (snapshot.Length >= interval / 2 && snapshot.Offset + (snapshot.Length / 2) <= stoppedAt)
            {
                return snapshot;
            }
        }

        return null;
    }

    private static double Iterations(IntervalSnapshot snapshot, IEnumerable<string> scenarios)
    {
        double iterations = 0;
        foreach (var scenario in scenarios)
        {
            iterations += MetricAggregate.SumOf(snapshot.Metrics.Values, BuiltinMetrics.Iterations, TagSet.Of(("scenario", scenario)))?.Sum ?? 0;
        }

        return iterations;
    }
}

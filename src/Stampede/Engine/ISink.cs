using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Engine;

/// <summary>
/// Receives interval snapshots while a run goes on, and the result at its end. Called on the
/// collector; a sink that has slow work to do buffers it and does it elsewhere. A sink that throws is
/// reported in the result's warnings and never stops the run.
/// </summary>
public interface ISink
{
    /// <summary>One interval has been collected.</summary>
    void OnInterval(IntervalSnapshot snapshot, RunProgress progress);

    /// <summary>The run has ended.</summary>
    void OnCompleted(RunResult result);
}

/// <summary>Where a run stands.</summary>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Planned">Longest planned duration, graceful stops excluded.</param>
/// <param name="Vus">Active VUs.</param>
/// <param name="VusMax">Allocated VUs.</param>
public readonly record struct RunProgress(TimeSpan Elapsed, TimeSpan Planned, int Vus, int VusMax)
{
    private readonly IReadOnlyList<Thresholds.ThresholdResult?>? _thresholds;

    /// <summary>
    /// Each of the plan's thresholds as judged after this interval, in the plan's order: on the run so far, or for
    /// a windowed one on its latest complete window (or the worst window that crossed, which it cannot undo).
    /// Null for a threshold with nothing to judge yet.
    /// </summary>
    public IReadOnlyList<Thresholds.ThresholdResult?> Thresholds
    {
        get => _thresholds ?? [];
        init => _thresholds = value;
    }
}

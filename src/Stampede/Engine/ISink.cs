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
public readonly record struct RunProgress(TimeSpan Elapsed, TimeSpan Planned, int Vus, int VusMax);

using Stampede.Results;

namespace Stampede.Engine;

/// <summary>
/// The load changes made through a run's controls, timed from the run start. Changes made before the run
/// starts or after it ends are settings, not events, and are not kept. Thread-safe: controls record from any
/// thread, the collector and <see cref="Runner.Changes"/> read copies.
/// </summary>
internal sealed class LoadChangeLog(TimeProvider time)
{
    private readonly List<LoadChange> _changes = [];
    private long _start;
    private bool _running;

    /// <summary>The clock changes are timed with.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The run started at <paramref name="timestamp"/>: changes are recorded from now on.</summary>
    public void Begin(long timestamp)
    {
        lock (_changes)
        {
            _start = timestamp;
            _running = true;
        }
    }

    /// <summary>The run ended: later changes are not recorded.</summary>
    public void End()
    {
        lock (_changes)
        {
            _running = false;
        }
    }

    /// <summary>Records a change made at <paramref name="timestamp"/>, unless it changed nothing or the run is not going.</summary>
    public void Record(long timestamp, string scenario, string setting, double from, double to)
    {
        if (from.Equals(to))
        {
            return;
        }

        lock (_changes)
        {
            if (_running)
            {
                var at = Time.GetElapsedTime(_start, timestamp);
                _changes.Add(new LoadChange(at < TimeSpan.Zero ? TimeSpan.Zero : at, scenario, setting, from, to));
            }
        }
    }

    /// <summary>A copy of the changes so far, in time order.</summary>
    public LoadChange[] ToArray()
    {
        lock (_changes)
        {
            return [.. _changes.OrderBy(c => c.At)];
        }
    }
}

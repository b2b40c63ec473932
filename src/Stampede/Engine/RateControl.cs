using Stampede.Results;

namespace Stampede.Engine;

/// <summary>
/// Steers a <see cref="ConstantArrivalRateConfig"/> scenario while it runs: the arrival rate (0 pauses it) and the
/// most VUs it may use. Thread-safe. The scenario's pacer looks at it at least every
/// <see cref="LookInterval"/>, so a change takes effect within that even while it waits for a far-off iteration,
/// and it re-anchors the schedule at the moment of the change: from then on iterations arrive exactly at the new
/// rate, with no burst to catch up and none of those due before the change lost. Get it from
/// <see cref="Runner.RateControl"/>. Every change made while the run goes is recorded in <see cref="RunResult.Changes"/>.
/// </summary>
public sealed class RateControl
{
    /// <summary>The longest the pacer waits before it looks at the control again.</summary>
    public static readonly TimeSpan LookInterval = TimeSpan.FromMilliseconds(10);

    private readonly Lock _gate = new();
    private readonly LoadChangeLog _log;
    private readonly int _preAllocated;
    private volatile Segment _segment;
    private int _maxVus;

    internal RateControl(string scenario, double perSecond, int preAllocatedVus, int maxVus, LoadChangeLog log)
    {
        Scenario = scenario;
        _segment = new Segment(0, 0, perSecond, null);
        _preAllocated = preAllocatedVus;
        _maxVus = maxVus;
        _log = log;
    }

    /// <summary>The scenario this controls.</summary>
    public string Scenario { get; }

    /// <summary>The arrival rate now, iterations per second (0 while paused).</summary>
    public double Rate => _segment.Rate;

    /// <summary>The most VUs the scenario may use; past it, iterations are dropped (counted, never queued).</summary>
    public int MaxVus => Volatile.Read(ref _maxVus);

    /// <summary>The schedule as the pacer reads it: the newest segment, linked to the ones before.</summary>
    internal Segment Current => _segment;

    /// <summary>
    /// Sets the arrival rate to <paramref name="perSecond"/> iterations per second from now on; 0 pauses the scenario
    /// until a later change (its duration keeps running).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN or infinite.</exception>
    public void SetRate(double perSecond)
    {
        if (!(perSecond >= 0 && double.IsFinite(perSecond)))
        {
            throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond,
                $"scenario `{Scenario}`: the rate must be 0 (pause) or a positive, finite number of iterations per second (got {perSecond})");
        }

        lock (_gate)
        {
            var old = _segment;
            var now = _log.Time.GetTimestamp();
            _log.Record(now, Scenario, LoadChange.Rate, old.Rate, perSecond);
            if (!old.Begun)
            {
                // Not started yet: the schedule starts at the new rate.
                _segment = new Segment(0, 0, perSecond, null);
                return;
            }

            var count = old.Count + (old.Rate * _log.Time.GetElapsedTime(old.Anchor, now).TotalSeconds);
            _segment = new Segment(now, count, perSecond, old);
        }
    }

    /// <summary>Changes the most VUs the scenario may use. It cannot go below <c>preAllocatedVUs</c>, which exist from the start.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below the scenario's <c>preAllocatedVUs</c>.</exception>
    public void SetMaxVus(int maxVus)
    {
        lock (_gate)
        {
            if (maxVus < _preAllocated)
            {
                throw new ArgumentOutOfRangeException(nameof(maxVus), maxVus,
                    $"scenario `{Scenario}`: maxVUs must be at least preAllocatedVUs ({_preAllocated}), which exist from the start (got {maxVus})");
            }

            _log.Record(_log.Time.GetTimestamp(), Scenario, LoadChange.MaxVus, _maxVus, maxVus);
            Volatile.Write(ref _maxVus, maxVus);
        }
    }

    /// <summary>The pacer started at <paramref name="timestamp"/>: iteration 0 is due then.</summary>
    internal void Begin(long timestamp)
    {
        lock (_gate)
        {
            _segment = new Segment(timestamp, 0, _segment.Rate, null) { Begun = true };
        }
    }

    /// <summary>
    /// A stretch of the schedule: from <see cref="Anchor"/> (a timestamp), when <see cref="Count"/> iterations were
    /// due (the integral of the rate since the start), the rate is <see cref="Rate"/> per second. Immutable.
    /// </summary>
    internal sealed class Segment(long anchor, double count, double rate, Segment? previous)
    {
        public long Anchor { get; } = anchor;

        public double Count { get; } = count;

        public double Rate { get; } = rate;

        public Segment? Previous { get; } = previous;

        public bool Begun { get; init; } = previous is not null;

        /// <summary>
        /// The timestamp iteration <paramref name="n"/> (from 0) is due at: when the integral of the rate reaches
        /// <c>n</c>. False when it is not due yet at any time (the rate is 0 now).
        /// </summary>
        public bool TryGetDue(long n, long frequency, out long due)
        {
            var segment = this;

            // Iterations due before a change keep their time (only a pacer that fell behind still holds them).
            while (n < segment.Count - 1e-9 && segment.Previous is { } before)
            {
                segment = before;
            }

            if (segment.Rate <= 0)
            {
                due = 0;
                return false;
            }

            var seconds = Math.Max(0, n - segment.Count) / segment.Rate;
            due = segment.Anchor + (long)Math.Round(seconds * frequency);
            return true;
        }
    }
}

using Stampede.Results;

namespace Stampede.Engine;

/// <summary>
/// Steers an <see cref="ExternallyControlledConfig"/> scenario while it runs: how many VUs loop, how fast the count
/// gets there (Locust's spawn rate), and the most it may ask for. Thread-safe; the executor reads the count every
/// 50 ms. Get it from <see cref="Runner.Control"/>. Every change made while the run goes is recorded in
/// <see cref="RunResult.Changes"/>.
/// </summary>
public sealed class VuControl
{
    private readonly Lock _gate = new();
    private readonly LoadChangeLog _log;
    private int _target;
    private int _maxVus;
    private double? _spawnRate;

    // The ramp: the count was _from at _anchor and moves toward _target at _spawnRate. Until the scenario starts
    // (_begun false) the ramp waits, so a spawn rate set beforehand ramps from the scenario's start.
    private int _from;
    private long _anchor;
    private bool _begun;

    internal VuControl(string scenario, int vus, int maxVus, LoadChangeLog log)
    {
        Scenario = scenario;
        _target = _from = vus;
        _maxVus = maxVus;
        _log = log;
    }

    /// <summary>The scenario this controls.</summary>
    public string Scenario { get; }

    /// <summary>
    /// How many VUs should be looping now: <see cref="Target"/> at once, or on the way to it at
    /// <see cref="SpawnRate"/> VUs per second.
    /// </summary>
    public int Vus
    {
        get
        {
            lock (_gate)
            {
                return At(Time.GetTimestamp());
            }
        }
    }

    /// <summary>The VUs asked for by the last <see cref="SetVus(int, double?)"/> (or the scenario's start count).</summary>
    public int Target => Volatile.Read(ref _target);

    /// <summary>VUs started or stopped per second on the way to <see cref="Target"/>; null when the count changes at once.</summary>
    public double? SpawnRate
    {
        get
        {
            lock (_gate)
            {
                return _spawnRate;
            }
        }
    }

    /// <summary>The most VUs <see cref="SetVus(int, double?)"/> may ask for.</summary>
    public int MaxVus => Volatile.Read(ref _maxVus);

    private TimeProvider Time => _log.Time;

    /// <summary>Asks for <paramref name="vus"/> looping VUs at once: more start now, and removed ones finish their iteration (within the scenario's graceful ramp-down).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 0 or above <see cref="MaxVus"/>.</exception>
    public void SetVus(int vus) => SetVus(vus, null);

    /// <summary>
    /// Asks for <paramref name="vus"/> looping VUs, reached at <paramref name="spawnRate"/> VUs per second from the
    /// count now (up or down), or at once when it is null. A call during a ramp starts a new one from where the
    /// count is.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="vus"/> below 0 or above <see cref="MaxVus"/>; <paramref name="spawnRate"/> not a positive, finite number.
    /// </exception>
    public void SetVus(int vus, double? spawnRate)
    {
        if (spawnRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(spawnRate), rate,
                $"scenario `{Scenario}`: spawnRate must be a positive number of VUs per second (got {rate}); pass null to change the count at once");
        }

        lock (_gate)
        {
            if (vus < 0 || vus > _maxVus)
            {
                throw new ArgumentOutOfRangeException(nameof(vus), vus,
                    $"scenario `{Scenario}`: VUs must be from 0 to maxVUs ({_maxVus}); raise maxVUs first to go higher");
            }

            var now = Time.GetTimestamp();
            _from = At(now);
            _anchor = now;
            _log.Record(now, Scenario, LoadChange.Vus, _target, vus);
            _log.Record(now, Scenario, LoadChange.SpawnRate, _spawnRate ?? 0, spawnRate ?? 0);
            Volatile.Write(ref _target, vus);
            _spawnRate = spawnRate;
        }
    }

    /// <summary>
    /// Changes the most VUs that may be asked for. It cannot go below the VUs asked for now; a ramp down still
    /// above it is cut to it at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 1 or below <see cref="Target"/>.</exception>
    public void SetMaxVus(int maxVus)
    {
        lock (_gate)
        {
            if (maxVus < 1 || maxVus < _target)
            {
                throw new ArgumentOutOfRangeException(nameof(maxVus), maxVus,
                    $"scenario `{Scenario}`: maxVUs must be at least 1 and at least the VUs asked for now ({_target}); lower the VUs first");
            }

            _log.Record(Time.GetTimestamp(), Scenario, LoadChange.MaxVus, _maxVus, maxVus);
            Volatile.Write(ref _maxVus, maxVus);
        }
    }

    /// <summary>The scenario started at <paramref name="timestamp"/>: a ramp asked for before starts from here.</summary>
    internal void Begin(long timestamp)
    {
        lock (_gate)
        {
            if (!_begun)
            {
                _begun = true;
                _anchor = timestamp;
            }
        }
    }

    /// <summary>The count wanted at <paramref name="timestamp"/> (not before the last change); the caller holds the gate.</summary>
    private int At(long timestamp)
    {
        if (_spawnRate is not { } rate || _from == _target)
        {
            return Math.Min(_target, _maxVus);
        }

        var moved = _begun ? rate * Time.GetElapsedTime(_anchor, timestamp).TotalSeconds : 0;

        // A VU starts (or stops) once the ramp has reached it: floor going up, ceiling going down.
        var count = _from < _target
            ? Math.Min(_target, _from + (long)Math.Floor(moved + 1e-9))
            : Math.Max(_target, _from - (long)Math.Floor(moved + 1e-9));
        return (int)Math.Min(count, _maxVus);
    }
}

namespace Stampede.Engine;

/// <summary>
/// Steers an <see cref="ExternallyControlledConfig"/> scenario while it runs: how many VUs loop, and the most it
/// may ask for. Thread-safe; the executor reads the count every 50 ms. Get it from <see cref="Runner.Control"/>.
/// </summary>
public sealed class VuControl
{
    private readonly Lock _gate = new();
    private int _vus;
    private int _maxVus;

    internal VuControl(string scenario, int vus, int maxVus)
    {
        Scenario = scenario;
        _vus = vus;
        _maxVus = maxVus;
    }

    /// <summary>The scenario this controls.</summary>
    public string Scenario { get; }

    /// <summary>How many VUs should be looping now.</summary>
    public int Vus => Volatile.Read(ref _vus);

    /// <summary>The most VUs <see cref="SetVus"/> may ask for.</summary>
    public int MaxVus => Volatile.Read(ref _maxVus);

    /// <summary>Asks for <paramref name="vus"/> looping VUs: more start at once, and removed ones finish their iteration (within the scenario's graceful ramp-down).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 0 or above <see cref="MaxVus"/>.</exception>
    public void SetVus(int vus)
    {
        lock (_gate)
        {
            if (vus < 0 || vus > _maxVus)
            {
                throw new ArgumentOutOfRangeException(nameof(vus), vus,
                    $"scenario `{Scenario}`: VUs must be from 0 to maxVUs ({_maxVus}); raise maxVUs first to go higher");
            }

            Volatile.Write(ref _vus, vus);
        }
    }

    /// <summary>Changes the most VUs that may be asked for. It cannot go below the VUs asked for now.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 1 or below <see cref="Vus"/>.</exception>
    public void SetMaxVus(int maxVus)
    {
        lock (_gate)
        {
            if (maxVus < 1 || maxVus < _vus)
            {
                throw new ArgumentOutOfRangeException(nameof(maxVus), maxVus,
                    $"scenario `{Scenario}`: maxVUs must be at least 1 and at least the VUs asked for now ({_vus})");
            }

            Volatile.Write(ref _maxVus, maxVus);
        }
    }
}

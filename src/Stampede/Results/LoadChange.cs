namespace Stampede.Results;

/// <summary>
/// A change to a running test's load made through a control (<see cref="Engine.VuControl"/>,
/// <see cref="Engine.RateControl"/>): charts draw it as a marker, summaries list it.
/// </summary>
/// <param name="At">When it took effect, from the run start.</param>
/// <param name="Scenario">The scenario it changed.</param>
/// <param name="Setting">
/// What changed: <c>vus</c> (the VUs asked for), <c>spawnRate</c> (VUs per second; 0 stands for "at once"),
/// <c>rate</c> (iterations per second) or <c>maxVUs</c>.
/// </param>
/// <param name="From">The value before.</param>
/// <param name="To">The value after.</param>
public sealed record LoadChange(TimeSpan At, string Scenario, string Setting, double From, double To)
{
    /// <summary>The setting name for the VUs asked for.</summary>
    public const string Vus = "vus";

    /// <summary>The setting name for the spawn rate, VUs per second (0 = at once).</summary>
    public const string SpawnRate = "spawnRate";

    /// <summary>The setting name for an arrival rate, iterations per second.</summary>
    public const string Rate = "rate";

    /// <summary>The setting name for the most VUs a scenario may use.</summary>
    public const string MaxVus = "maxVUs";

    /// <summary>The change in a few words, e.g. <c>vus 10 → 50</c> or <c>shop: rate 100/s → 250/s</c> with the scenario.</summary>
    public string Describe(bool withScenario = false)
    {
        var unit = Setting is Rate or SpawnRate ? "/s" : "";
        var from = Setting == SpawnRate && From == 0 ? "at once" : Number(From) + unit;
        var to = Setting == SpawnRate && To == 0 ? "at once" : Number(To) + unit;
        return (withScenario ? Scenario + ": " : "") + $"{Setting} {from} → {to}";
    }

    private static string Number(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}

using Stampede.Results;

namespace Stampede.Analysis;

/// <summary>
/// Works out the <see cref="Finding"/>s of a run from its results: the same results always give the same findings,
/// so <c>stampede report</c> recomputes them offline. What each finding means and its limits: docs/findings.md.
/// </summary>
public static class RunAnalysis
{
    // Most important first: whether the numbers can be trusted, then capacity, then failures, then drift and tails.
    private static readonly FindingKind[] Order =
    [
        FindingKind.GeneratorSaturation, FindingKind.CoordinatedOmission, FindingKind.Knee, FindingKind.ErrorBurst,
        FindingKind.RateLimiting, FindingKind.Degradation, FindingKind.Instability,
    ];

    /// <summary>The findings of <paramref name="result"/>, most important first; empty when nothing stands out.</summary>
    public static IReadOnlyList<Finding> Findings(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var series = LoadSeries.Of(result);
        var findings = new List<Finding>();
        Add(findings, SaturationFinder.Find(result));
        findings.AddRange(CoordinatedOmissionFinder.Find(result));
        Add(findings, KneeFinder.Find(series));
        findings.AddRange(ErrorBurstFinder.Find(series));
        Add(findings, RateLimitFinder.Find(series));
        findings.AddRange(DegradationFinder.Find(series));
        findings.AddRange(InstabilityFinder.Find(result));
        return [.. findings
            .OrderBy(f => Array.IndexOf(Order, f.Kind))
            .ThenBy(f => f.At ?? TimeSpan.Zero)
            .ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The generator's warnings (<see cref="GeneratorHealth.Warnings"/>) that <paramref name="findings"/> do not already
    /// state: a generator-saturation finding replaces the warnings about the CPU, scheduling lag, dropped iterations
    /// and GC pauses it reports, with their numbers; every other warning (a failed output, an abort…) is kept.
    /// </summary>
    public static IReadOnlyList<string> OtherWarnings(RunResult result, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(findings);
        var saturation = findings.FirstOrDefault(f => f.Kind == FindingKind.GeneratorSaturation);
        return saturation is null
            ? result.Generator.Warnings
            : [.. result.Generator.Warnings.Where(w => GeneratorWarnings.Facet(w) is not { } facet || !saturation.Values.ContainsKey(facet))];
    }

    private static void Add(List<Finding> findings, Finding? finding)
    {
        if (finding is not null)
        {
            findings.Add(finding);
        }
    }
}

namespace Stampede.Analysis;

/// <summary>Names of finding kinds and severities as machine formats write them.</summary>
public static class FindingKinds
{
    /// <summary>The snake_case name of a kind (<c>error_burst</c>).</summary>
    public static string ToName(this FindingKind kind) => kind switch
    {
        FindingKind.Knee => "knee",
        FindingKind.Degradation => "degradation",
        FindingKind.Instability => "instability",
        FindingKind.ErrorBurst => "error_burst",
        FindingKind.RateLimiting => "rate_limiting",
        FindingKind.GeneratorSaturation => "generator_saturation",
        FindingKind.CoordinatedOmission => "coordinated_omission",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a finding kind"),
    };

    /// <summary>The lower-case name of a severity (<c>warning</c>).</summary>
    public static string ToName(this FindingSeverity severity) => severity switch
    {
        FindingSeverity.Info => "info",
        FindingSeverity.Warning => "warning",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "not a finding severity"),
    };
}

namespace Stampede.Analysis;

/// <summary>
/// One automatic observation about a run, explained with the numbers behind it: the terminal summary, the HTML
/// and the Markdown reports all show the same findings, worked out from the <see cref="Results.RunResult"/> alone.
/// </summary>
/// <param name="Kind">What was observed.</param>
/// <param name="Severity">How much it should worry the reader.</param>
/// <param name="Title">One line that stands alone, with the key numbers ("p95 rose 4× above ~850 req/s at ~120 VUs").</param>
/// <param name="Detail">The evidence: how it was found and the values behind it, in one or two sentences.</param>
/// <param name="At">When it began, from the run start; null when it concerns the whole run.</param>
/// <param name="Name">The request name it concerns; null when it concerns every request.</param>
public sealed record Finding(FindingKind Kind, FindingSeverity Severity, string Title, string Detail, TimeSpan? At = null, string? Name = null)
{
    private static readonly IReadOnlyDictionary<string, double> NoValues = new Dictionary<string, double>();

    /// <summary>
    /// The numbers behind the finding, for programs: snake_case names with their unit as a suffix
    /// (<c>p95_before_ms</c>, <c>throughput_per_s</c>, <c>level</c>…); docs/findings.md lists them per kind. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, double> Values { get; init; } = NoValues;
}

using Stampede.Scenarios;

namespace Stampede.Reports;

/// <summary>
/// The report formats, as users write them in <c>--format</c>, <c>--report FORMAT=PATH</c> and a scenario file's
/// <c>options.reports</c>, and the one check all three share.
/// </summary>
public static class ReportFormats
{
    /// <summary>Every format, as users write them (<c>hist[…]</c> takes bucket bounds).</summary>
    public static IReadOnlyList<string> All { get; } = ["text", "json", "csv", "html", "junit", "md", "hist[0,10ms,50ms,100ms]", "hlog"];

    private static readonly string[] PlainNames = ["text", "json", "csv", "html", "junit", "md", "hist", "hlog"];

    /// <summary>
    /// Checks a format name; returns it lower-cased (a <c>hist[…]</c> format as written).
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// The format is unknown (with a "did you mean" hint), or a histogram's bucket list is missing or invalid.
    /// </exception>
    public static string Check(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var name = format.Trim();
        if (HistogramBucketReport.Names(name))
        {
            HistogramBucketReport.Parse(name);
            return name;
        }

        var lower = name.ToLowerInvariant();
        if (lower == "hist")
        {
            throw new InvalidInputException("'hist' needs its bucket bounds, e.g. 'hist[0,10ms,50ms,100ms,500ms]'");
        }

        if (Array.IndexOf(PlainNames, lower) < 0)
        {
            var hint = Suggestions.Closest(lower, PlainNames) is { } match
                ? $"did you mean '{(match == "hist" ? "hist[0,10ms,50ms,100ms]" : match)}'?"
                : "use one of " + string.Join(", ", All);
            throw new InvalidInputException($"unknown report format '{format}'; {hint}");
        }

        return lower;
    }

    /// <summary>
    /// Splits <c>FORMAT=PATH</c> and checks the format; the path is returned as written.
    /// </summary>
    /// <exception cref="InvalidInputException">No <c>=</c>, an empty side, or an invalid format.</exception>
    public static ReportTarget Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // The path may hold '=' but the format never does, except inside hist[…] bounds, which hold none either.
        var at = value.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0 || at == value.Length - 1 || value[(at + 1)..].Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidInputException($"'{value}' is not FORMAT=PATH; write e.g. junit=junit.xml or csv=out/run");
        }

        return new ReportTarget(Check(value[..at]), value[(at + 1)..]);
    }
}

using System.Globalization;
using Stampede.Results;
using Stampede.Thresholds;

namespace Stampede.Reports;

/// <summary>Culture-invariant number formats the text-like reports (Markdown, JUnit) share.</summary>
internal static class ReportText
{
    /// <summary>A duration in µs as ms, e.g. <c>12.35ms</c>; <c>-</c> when not measured.</summary>
    public static string Ms(double micros) =>
        double.IsFinite(micros) ? (micros / 1000).ToString("0.##", CultureInfo.InvariantCulture) + "ms" : "-";

    /// <summary>A share 0–1 as a percentage with two decimals.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>A whole number.</summary>
    public static string Count(double count) => count.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A number with at most <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 2) =>
        value.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    /// <summary>
    /// A threshold's observed value as its statistic reads (<c>p(95)=612.3ms</c>); thresholds observe times in ms.
    /// </summary>
    public static string Observed(ThresholdResult verdict)
    {
        var threshold = verdict.Threshold;
        if (verdict.Observed is not { } value)
        {
            return "no samples to judge";
        }

        var text = threshold.Metric.IsTime && threshold.Statistic is not (ThresholdStatistic.Count or ThresholdStatistic.Rate)
            ? value.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
            : value.ToString("0.####", CultureInfo.InvariantCulture);
        var window = verdict.WindowStart is { } start
            ? $" in the window from {start.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s"
            : "";
        return $"{threshold.StatisticName}={text}{window}";
    }

    /// <summary>Load changes listed at most in the one-line summary before "… and n more".</summary>
    public const int ChangesListed = 10;

    /// <summary>
    /// The run's load changes in one line (<c>Load changed 2 times: 0:12 vus 10 → 50, 0:40 rate 100/s → 0/s</c>), naming
    /// the scenario when the run had several; null when nobody steered the run.
    /// </summary>
    public static string? LoadChanges(RunResult result)
    {
        var changes = result.Changes;
        if (changes.Count == 0)
        {
            return null;
        }

        var named = result.Run.Scenarios.Count > 1;
        var listed = string.Join(", ", changes.Take(ChangesListed).Select(c => $"{Analysis.FindingText.Clock(c.At)} {c.Describe(named)}"));
        var more = changes.Count > ChangesListed ? $", … and {changes.Count - ChangesListed} more" : "";
        return $"Load changed {changes.Count} time{(changes.Count == 1 ? "" : "s")}: {listed}{more}";
    }
}

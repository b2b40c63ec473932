using System.Text;
using Stampede.Analysis;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Reports;

/// <summary>
/// The <c>md</c> report: a GitHub-flavoured Markdown summary for pull-request comments — the verdict, thresholds
/// ✓/✗ with observed values, the key latencies, the findings, the per-name table, checks, accounting and errors.
/// </summary>
public static class MarkdownReport
{
    /// <summary>Writes the report.</summary>
    public static void Write(RunResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var run = result.Run;
        var seconds = Math.Max(run.Duration.TotalSeconds, 1e-3);
        var verdict = run.Outcome != "completed" ? $"⚠️ {run.Outcome}"
            : result.ThresholdsPassed ? "✅ passed" : "❌ thresholds crossed";
        writer.Write($"## Stampede: {verdict}\n\n");
        writer.Write($"{Cell(string.Join(", ", run.Scenarios.Select(s => $"`{s.Name}` ({s.Description})")))} · " +
            $"{ReportText.Number(run.Duration.TotalSeconds, 1)}s · started {run.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {Cell(run.Tool)}\n\n");
        if (run.Command.Length > 0)
        {
            writer.Write($"`{run.Command.Replace("`", "'", StringComparison.Ordinal)}`\n\n");
        }

        if (ReportText.LoadChanges(result) is { } changes)
        {
            writer.Write($"{Cell(changes)}\n\n");
        }

        var findings = RunAnalysis.Findings(result);
        WriteThresholds(writer, result);
        WriteLatency(writer, result, seconds);
        WriteFindings(writer, findings);
        WriteRequests(writer, result, seconds);
        WriteChecks(writer, result);
        var a = result.Accounting;
        writer.Write("### Accounting\n\n");
        writer.Write($"sent {ReportText.Count(a.Sent)} = succeeded {ReportText.Count(a.Succeeded)} + failed {ReportText.Count(a.Failed)} + " +
            $"in flight at stop {ReportText.Count(a.InFlightAtStop)}{(a.Balanced ? "" : " (does not balance)")}\n\n");
        if (result.Errors.Counts.Count > 0)
        {
            writer.Write("### Errors\n\n| Kind | Count |\n|---|---:|\n");
            foreach (var (kind, count) in result.Errors.Counts.OrderByDescending(e => e.Value))
            {
                writer.Write($"| {kind.ToName()} | {ReportText.Count(count)} |\n");
            }

            writer.Write('\n');
            foreach (var message in result.Errors.Messages.Take(5))
            {
                writer.Write($"- `{message.Kind.ToName()}` ×{ReportText.Count(message.Count)}: {Cell(message.Message)}\n");
            }

            writer.Write('\n');
        }

        foreach (var warning in RunAnalysis.OtherWarnings(result, findings))
        {
            writer.Write($"> ⚠️ {Cell(warning)}\n");
        }
    }

    /// <summary>The report as a string.</summary>
    public static string Render(RunResult result)
    {
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(result, text);
        return text.ToString();
    }

    private static void WriteThresholds(TextWriter writer, RunResult result)
    {
        if (result.Thresholds.Count == 0)
        {
            return;
        }

        writer.Write("### Thresholds\n\n|   | Threshold | Observed |\n|---|---|---|\n");
        foreach (var verdict in result.Thresholds)
        {
            writer.Write($"| {(verdict.Passed ? "✓" : "✗")} | {Code(verdict.Threshold.Source)} | {Cell(ReportText.Observed(verdict))} |\n");
        }

        writer.Write('\n');
    }

    private static void WriteLatency(TextWriter writer, RunResult result, double seconds)
    {
        var requests = result.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0;
        var failed = result.Total(BuiltinMetrics.HttpReqFailed);
        writer.Write("| Requests | req/s | Failed | Median | p95 | p99 | Max |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        var d = result.Total(BuiltinMetrics.HttpReqDuration);
        writer.Write($"| {ReportText.Count(requests)} | {ReportText.Number(requests / seconds, 1)} | {ReportText.Percent(failed?.Rate ?? 0)} | " +
            $"{ReportText.Ms(Pct(d, 50))} | {ReportText.Ms(Pct(d, 95))} | {ReportText.Ms(Pct(d, 99))} | {ReportText.Ms(d is { Count: > 0 } ? d.Max : double.NaN)} |\n\n");
    }

    private static void WriteFindings(TextWriter writer, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        writer.Write("### Findings\n\n");
        foreach (var finding in findings)
        {
            var mark = finding.Severity == FindingSeverity.Warning ? "⚠️" : "ℹ️";
            writer.Write($"- {mark} **{Cell(finding.Title)}**  \n  {Cell(finding.Detail)}\n");
        }

        writer.Write('\n');
    }

    private static void WriteRequests(TextWriter writer, RunResult result, double seconds)
    {
        var rows = RequestRow.From(result);
        if (rows.Count == 0)
        {
            return;
        }

        writer.Write("### Requests\n\n| Name | Method | Requests | Failures | Median | Average | p95 | p99 | Max | req/s |\n" +
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var row in rows)
        {
            var d = row.Duration;
            writer.Write($"| {Cell(row.Name)} | {row.Method} | {ReportText.Count(row.Requests)} | {ReportText.Count(row.Failures)} | " +
                $"{ReportText.Ms(Pct(d, 50))} | {ReportText.Ms(d is { Count: > 0 } ? d.Mean : double.NaN)} | {ReportText.Ms(Pct(d, 95))} | " +
                $"{ReportText.Ms(Pct(d, 99))} | {ReportText.Ms(d is { Count: > 0 } ? d.Max : double.NaN)} | {ReportText.Number(row.Requests / seconds, 1)} |\n");
        }

        writer.Write('\n');
    }

    private static void WriteChecks(TextWriter writer, RunResult result)
    {
        var checks = result.Checks;
        if (checks.Count == 0)
        {
            return;
        }

        writer.Write("### Checks\n\n|   | Check | Scenario | Passed | Failed | Rate |\n|---|---|---|---:|---:|---:|\n");
        foreach (var check in checks)
        {
            var name = check.Group.Length > 0 ? $"{check.Group} {check.Name}" : check.Name;
            writer.Write($"| {(check.Fails == 0 ? "✓" : "✗")} | {Cell(name)} | {Cell(check.Scenario)} | {ReportText.Count(check.Passes)} | " +
                $"{ReportText.Count(check.Fails)} | {ReportText.Percent(check.PassRate)} |\n");
        }

        writer.Write('\n');
    }

    private static double Pct(MetricAggregate? d, double percentile) => d is { Count: > 0 } ? d.Percentile(percentile) : double.NaN;

    // Code in a table cell: only a pipe needs escaping there (GitHub unescapes \| inside code in tables).
    private static string Code(string text) =>
        "`" + text.Replace("|", "\\|", StringComparison.Ordinal).Replace('`', '\'').Replace('\n', ' ') + "`";

    // Text in a table cell: pipes would split the cell, line breaks end the table, '<' could open HTML.
    private static string Cell(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '|' => builder.Append("\\|"),
                '\r' or '\n' => builder.Append(' '),
                '<' => builder.Append("&lt;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}

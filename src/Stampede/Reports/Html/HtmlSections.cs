using System.Globalization;
using Stampede.Analysis;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Reports.Html;

/// <summary>The HTML report's header and tables: every text escaped, numbers invariant, right-aligned with units.</summary>
internal static class HtmlSections
{
    /// <summary>The verdict, what ran, and the key numbers.</summary>
    public static void Header(TextWriter writer, RunResult result, string verdictClass, string verdict)
    {
        var run = result.Run;
        var seconds = Math.Max(run.Duration.TotalSeconds, 1e-3);
        var requests = result.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0;
        var failed = result.Total(BuiltinMetrics.HttpReqFailed);
        var duration = result.Total(BuiltinMetrics.HttpReqDuration);
        writer.Write($"<header class=\"verdict {verdictClass}\"><div>\n<h1>Stampede report <span class=\"badge\" id=\"verdict\">{HtmlText.Escape(verdict)}</span></h1>\n");
        var scenarios = string.Join(", ", run.Scenarios.Select(s => s.Name));
        writer.Write($"<p class=\"subtitle\">{HtmlText.Escape(scenarios.Length > 0 ? scenarios : "no scenario")} · {HtmlText.Duration(run.Duration)} · " +
            $"started {run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC · {HtmlText.Escape(run.Tool)}</p>\n");
        writer.Write("<div class=\"kpis\">\n");
        Kpi(writer, "Requests", HtmlText.Count(requests));
        Kpi(writer, "Throughput", HtmlText.Number(requests / seconds, 1) + " req/s");
        Kpi(writer, "Failed", HtmlText.Percent(failed?.Rate ?? 0), failed is { Passes: > 0 });
        Kpi(writer, "Median", HtmlText.Ms(Pct(duration, 50)));
        Kpi(writer, "p95", HtmlText.Ms(Pct(duration, 95)));
        Kpi(writer, "p99", HtmlText.Ms(Pct(duration, 99)));
        Kpi(writer, "Max", HtmlText.Ms(duration is { Count: > 0 } ? duration.Max : double.NaN));
        if (result.Thresholds.Count > 0)
        {
            var passed = result.Thresholds.Count(t => t.Passed);
            Kpi(writer, "Thresholds", $"{passed} of {result.Thresholds.Count} passed", passed < result.Thresholds.Count);
        }

        var checks = result.Checks;
        if (checks.Count > 0)
        {
            long passes = checks.Sum(c => c.Passes), fails = checks.Sum(c => c.Fails);
            Kpi(writer, "Checks passed", HtmlText.Percent(passes + fails == 0 ? 0 : (double)passes / (passes + fails)), fails > 0);
        }

        writer.Write("</div>\n</div></header>\n");
    }

    /// <summary>The automatic findings, most important first.</summary>
    public static void Findings(TextWriter writer, IReadOnlyList<Finding> findings)
    {
        writer.Write("<section id=\"findings\">\n<h2>Findings</h2>\n");
        if (findings.Count == 0)
        {
            writer.Write("<p class=\"note\">Nothing stood out: no knee, drift, instability, error burst, rate limiting, generator saturation or coordinated-omission gap was found.</p>\n</section>\n");
            return;
        }

        writer.Write("<ul class=\"findings\">\n");
        foreach (var finding in findings)
        {
            var where = (finding.At is { } at ? " · from " + FindingText.Clock(at) : "") + (finding.Name is { } name ? " · " + name : "");
            writer.Write($"<li class=\"{(finding.Severity == FindingSeverity.Warning ? "warning" : "info")}\">" +
                $"<span class=\"kind\">{HtmlText.Escape(finding.Kind.ToName().Replace('_', ' ') + where)}</span>" +
                $"<span class=\"title\">{HtmlText.Escape(finding.Title)}</span><span class=\"detail\">{HtmlText.Escape(finding.Detail)}</span></li>\n");
        }

        writer.Write("</ul>\n</section>\n");
    }

    /// <summary>Each threshold ✓/✗ with the value observed.</summary>
    public static void Thresholds(TextWriter writer, RunResult result)
    {
        if (result.Thresholds.Count == 0)
        {
            return;
        }

        Open(writer, "thresholds", "Thresholds", ("", false), ("Threshold", false), ("Observed", true));
        foreach (var verdict in result.Thresholds)
        {
            var aborted = verdict.AbortedAt is { } at ? $" (aborted the run at {FindingText.Clock(at)})" : "";
            writer.Write($"<tr>{Mark(verdict.Passed)}<td><code>{HtmlText.Escape(verdict.Threshold.Source)}</code></td>" +
                $"<td class=\"num\">{HtmlText.Escape(ReportText.Observed(verdict) + aborted)}</td></tr>\n");
        }

        Close(writer);
    }

    /// <summary>The per-name table, with the whole run in the footer.</summary>
    public static void Requests(TextWriter writer, RunResult result)
    {
        var seconds = Math.Max(result.Run.Duration.TotalSeconds, 1e-3);
        Open(writer, "requests", "Requests by name", ("Name", false), ("Method", false), ("Requests", true), ("Failures", true), ("req/s", true),
            ("Avg", true), ("Min", true), ("Median", true), ("p90", true), ("p95", true), ("p99", true), ("Max", true));
        foreach (var row in RequestRow.From(result))
        {
            writer.Write($"<tr><td>{(row.Name.Length > 0 ? HtmlText.Escape(row.Name) : "<em>unnamed</em>")}</td><td>{HtmlText.Escape(row.Method)}</td>");
            RequestCells(writer, row.Requests, row.Failures, seconds, row.Duration);
            writer.Write("</tr>\n");
        }

        writer.Write("</tbody>\n<tfoot><tr><th>All requests</th><th></th>");
        RequestCells(writer, result.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0, result.Total(BuiltinMetrics.HttpReqFailed)?.Passes ?? 0, seconds,
            result.Total(BuiltinMetrics.HttpReqDuration));
        writer.Write("</tr></tfoot>\n</table></div>\n</section>\n");
    }

    /// <summary>Responses by status code (0 = no response: a transport error).</summary>
    public static void StatusCodes(TextWriter writer, RunResult result)
    {
        var byStatus = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        foreach (var series in result.Metrics)
        {
            if (series.Metric.Name == BuiltinMetrics.HttpReqs.Name)
            {
                var status = series.Tags["status"] ?? "";
                byStatus[status] = byStatus.GetValueOrDefault(status) + series.Count;
                total += series.Count;
            }
        }

        Open(writer, "status-codes", "Status codes", ("Status", false), ("Responses", true), ("Share", true));
        foreach (var (status, count) in byStatus)
        {
            var label = status switch { "" => "not recorded", "0" => "0 (no response)", _ => status };
            writer.Write($"<tr><td>{HtmlText.Escape(label)}</td><td class=\"num\">{HtmlText.Count(count)}</td>" +
                $"<td class=\"num\">{HtmlText.Percent(total == 0 ? 0 : (double)count / total)}</td></tr>\n");
        }

        Close(writer, byStatus.Count == 0 ? "No request was sent." : null);
    }

    /// <summary>Failures by kind, and the first distinct messages with their counts.</summary>
    public static void Errors(TextWriter writer, RunResult result)
    {
        Open(writer, "errors", "Errors", ("Kind", false), ("Count", true));
        foreach (var (kind, count) in result.Errors.Counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key))
        {
            writer.Write($"<tr><td>{HtmlText.Escape(kind.ToName())}</td><td class=\"num\">{HtmlText.Count(count)}</td></tr>\n");
        }

        writer.Write("</tbody></table></div>\n");
        if (result.Errors.Counts.Count == 0)
        {
            writer.Write("<p class=\"note\">No request failed.</p>\n");
        }

        if (result.Errors.Messages.Count > 0)
        {
            writer.Write("<h3>Sample messages</h3>\n<div class=\"table-wrap\"><table id=\"error-messages\"><thead><tr><th>Kind</th><th class=\"num\">Count</th>" +
                "<th class=\"num\">First seen</th><th>Message</th></tr></thead><tbody>\n");
            foreach (var message in result.Errors.Messages)
            {
                writer.Write($"<tr><td>{HtmlText.Escape(message.Kind.ToName())}</td><td class=\"num\">{HtmlText.Count(message.Count)}</td>" +
                    $"<td class=\"num\">{FindingText.Clock(message.FirstSeen)}</td><td class=\"mono\">{HtmlText.Escape(message.Message)}</td></tr>\n");
            }

            writer.Write("</tbody></table></div>\n");
        }

        writer.Write("</section>\n");
    }

    /// <summary>Each check's passes, failures and pass rate.</summary>
    public static void Checks(TextWriter writer, RunResult result)
    {
        var checks = result.Checks;
        if (checks.Count == 0)
        {
            return;
        }

        Open(writer, "checks", "Checks", ("", false), ("Check", false), ("Scenario", false), ("Group", false), ("Passed", true), ("Failed", true), ("Pass rate", true));
        foreach (var check in checks)
        {
            writer.Write($"<tr>{Mark(check.Fails == 0)}<td>{HtmlText.Escape(check.Name)}</td><td>{HtmlText.Escape(check.Scenario)}</td>" +
                $"<td>{HtmlText.Escape(check.Group)}</td><td class=\"num\">{HtmlText.Count(check.Passes)}</td><td class=\"num\">{HtmlText.Count(check.Fails)}</td>" +
                $"<td class=\"num\">{HtmlText.Percent(check.PassRate)}</td></tr>\n");
        }

        Close(writer);
    }

    /// <summary>A table section's start: heading, table and header row, up to the open body.</summary>
    internal static void Open(TextWriter writer, string id, string title, params (string Text, bool Numeric)[] columns)
    {
        writer.Write($"<section id=\"{id}\">\n<h2>{HtmlText.Escape(title)}</h2>\n<div class=\"table-wrap\"><table><thead><tr>");
        foreach (var (text, numeric) in columns)
        {
            writer.Write(numeric ? $"<th class=\"num\">{HtmlText.Escape(text)}</th>" : $"<th>{HtmlText.Escape(text)}</th>");
        }

        writer.Write("</tr></thead><tbody>\n");
    }

    /// <summary>A table section's end, with an optional note below the table.</summary>
    internal static void Close(TextWriter writer, string? note = null)
    {
        writer.Write("</tbody></table></div>\n");
        if (note is not null)
        {
            writer.Write($"<p class=\"note\">{HtmlText.Escape(note)}</p>\n");
        }

        writer.Write("</section>\n");
    }

    private static void RequestCells(TextWriter writer, double requests, double failures, double seconds, MetricAggregate? d)
    {
        var measured = d is { Count: > 0 };
        foreach (var cell in new[]
        {
            HtmlText.Count(requests), HtmlText.Count(failures), HtmlText.Number(requests / seconds, 1),
            HtmlText.Ms(measured ? d!.Mean : double.NaN), HtmlText.Ms(measured ? d!.Min : double.NaN), HtmlText.Ms(Pct(d, 50)),
            HtmlText.Ms(Pct(d, 90)), HtmlText.Ms(Pct(d, 95)), HtmlText.Ms(Pct(d, 99)), HtmlText.Ms(measured ? d!.Max : double.NaN),
        })
        {
            writer.Write($"<td class=\"num\">{cell}</td>");
        }
    }

    // The unit after the last space is set smaller, so the number carries the card.
    private static void Kpi(TextWriter writer, string label, string value, bool bad = false)
    {
        var space = value.LastIndexOf(' ');
        var text = space > 0 && !char.IsDigit(value[space + 1])
            ? $"{HtmlText.Escape(value[..space])} <span class=\"unit\">{HtmlText.Escape(value[(space + 1)..])}</span>"
            : HtmlText.Escape(value);
        writer.Write($"<div class=\"kpi\"><div class=\"label\">{HtmlText.Escape(label)}</div><div class=\"value{(bad ? " fail" : "")}\">{text}</div></div>\n");
    }

    private static string Mark(bool passed) => passed ? "<td class=\"ok\">✓</td>" : "<td class=\"bad\">✗</td>";

    private static double Pct(MetricAggregate? d, double percentile) => d is { Count: > 0 } ? d.Percentile(percentile) : double.NaN;
}

using System.Globalization;
using Stampede.Analysis;
using Stampede.Metrics;
using Stampede.Reports.Html;
using Stampede.Results;

namespace Stampede.Reports;

/// <summary>
/// The <c>html</c> report: one self-contained page that works opened from disk without network — charts drawn by
/// uPlot (bundled, no CDN) from inline JSON, the verdict, per-name, status, error, check and threshold tables,
/// generator health, environment and findings — under a Content-Security-Policy that lets only its own inline
/// blocks run, by hash.
/// </summary>
public static class HtmlReport
{
    /// <summary>Writes the report, with the findings of <see cref="RunAnalysis.Findings"/>.</summary>
    public static void Write(RunResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write(result, RunAnalysis.Findings(result), writer);
    }

    /// <summary>The report as a string.</summary>
    public static string Render(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Render(result, RunAnalysis.Findings(result));
    }

    /// <summary>The report with the given findings, as a string.</summary>
    internal static string Render(RunResult result, IReadOnlyList<Finding> findings)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(result, findings, text);
        return text.ToString();
    }

    /// <summary>Writes the report with the given findings.</summary>
    internal static void Write(RunResult result, IReadOnlyList<Finding> findings, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(writer);
        var run = result.Run;
        var (verdictClass, verdict) = Verdict(result);
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlAssets.ContentSecurityPolicy}\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write("<meta name=\"generator\" content=\"" + HtmlText.Escape(run.Tool) + "\">\n");
        writer.Write("<link rel=\"icon\" href=\"data:,\">\n");
        writer.Write($"<title>Stampede report: {HtmlText.Escape(verdict)} · {run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</title>\n");
        writer.Write($"<!--\nCharts drawn by uPlot {HtmlAssets.UPlotVersion} (https://github.com/leeoniya/uPlot), bundled below.\n{HtmlAssets.UPlotLicense}\n-->\n");
        writer.Write("<style>");
        writer.Write(HtmlAssets.Style);
        writer.Write("</style>\n</head>\n<body>\n");
        HtmlSections.Header(writer, result, verdictClass, verdict);
        writer.Write("<main>\n");
        HtmlSections.Findings(writer, findings);
        Charts(writer, result);
        HtmlSections.Thresholds(writer, result);
        HtmlSections.Requests(writer, result);
        writer.Write("<div class=\"columns\">\n");
        HtmlSections.StatusCodes(writer, result);
        HtmlSections.Errors(writer, result);
        writer.Write("</div>\n");
        HtmlSections.Checks(writer, result);
        writer.Write("<div class=\"columns\">\n");
        HtmlFacts.Generator(writer, result, findings);
        HtmlFacts.Accounting(writer, result);
        writer.Write("</div>\n");
        HtmlFacts.Scenarios(writer, result);
        HtmlFacts.Environment(writer, result);
        writer.Write("</main>\n");
        writer.Write($"<footer>{HtmlText.Escape(run.Tool)} · charts by uPlot {HtmlAssets.UPlotVersion}</footer>\n");
        writer.Write("<script type=\"application/json\" id=\"stampede-data\">");
        writer.Write(HtmlChartData.Render(result));
        writer.Write("</script>\n<script>");
        writer.Write(HtmlAssets.UPlotScript);
        writer.Write("</script>\n<script>");
        writer.Write(HtmlAssets.ChartsScript);
        writer.Write("</script>\n<script>");
        writer.Write(HtmlAssets.ReportScript);
        writer.Write("</script>\n</body>\n</html>\n");
    }

    private static (string Class, string Text) Verdict(RunResult result)
    {
        var outcome = result.Run.Outcome;
        if (outcome != "completed")
        {
            return ("warn", outcome);
        }

        return result.Thresholds.Count == 0 ? ("pass", "completed")
            : result.ThresholdsPassed ? ("pass", "passed")
            : ("fail", "thresholds crossed");
    }

    private static void Charts(TextWriter writer, RunResult result)
    {
        var arrival = result.Series.Any(s => s.TargetRate is not null);
        writer.Write("<section id=\"charts\">\n<h2>Over time</h2>\n<div class=\"charts\">\n");
        Chart(writer, "latency", "Response time", "p50, p90, p95, p99 and max of http_req_duration per interval, all requests");
        Chart(writer, "throughput", "Requests and errors per second", "http_reqs and failed requests per interval");
        Chart(writer, "load", arrival ? "Target vs achieved rate" : "VUs and iterations",
            arrival ? "active VUs; iterations/s the arrival-rate scenarios achieved vs the rate they aimed for" : "active VUs and iterations/s achieved");
        Chart(writer, "spectrum", "Latency by percentile",
            $"HDR percentile spectrum of http_req_duration over the whole run ({HtmlText.Count(result.Total(BuiltinMetrics.HttpReqDuration)?.Count ?? 0)} samples)");
        Chart(writer, "cpu", "Generator CPU", $"the load generator's own CPU, % of {result.Generator.Cores} cores");
        writer.Write("</div>\n</section>\n");
    }

    private static void Chart(TextWriter writer, string id, string title, string caption) =>
        writer.Write($"<figure class=\"chart\" id=\"chart-{id}\" data-chart=\"{id}\"><figcaption>{HtmlText.Escape(title)}" +
            $"<span>{HtmlText.Escape(caption)}</span></figcaption><div class=\"plot\"></div></figure>\n");
}

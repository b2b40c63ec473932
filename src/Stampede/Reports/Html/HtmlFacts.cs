using System.Globalization;
using Stampede.Results;

namespace Stampede.Reports.Html;

/// <summary>The HTML report's fact sections: generator health, accounting, scenarios and environment.</summary>
internal static class HtmlFacts
{
    /// <summary>How busy the generator was, and the warnings no finding already states.</summary>
    public static void Generator(TextWriter writer, RunResult result, IReadOnlyList<Analysis.Finding> findings)
    {
        var g = result.Generator;
        writer.Write("<section id=\"generator\">\n<h2>Generator health</h2>\n<dl class=\"facts\">\n");
        Fact(writer, "CPU", $"{HtmlText.Number(g.CpuPercentMean, 1)} % mean, {HtmlText.Number(g.CpuPercentMax, 1)} % max (of {g.Cores} cores)", numeric: true);
        Fact(writer, "GC pauses", HtmlText.Number(g.GcPauseMs, 1) + " ms", numeric: true);
        Fact(writer, "Connections", HtmlText.Count(g.MaxConnections) + " at most", numeric: true);
        Fact(writer, "Scheduling lag", g.SchedulingLag is { Count: > 0 } lag
            ? $"p99 {HtmlText.Ms(lag.Percentile(99))}, max {HtmlText.Ms(lag.Max)}"
            : "not measured (closed model)", numeric: true);
        Fact(writer, "Dropped iterations", HtmlText.Count(g.DroppedIterations), numeric: true);
        writer.Write("</dl>\n");
        var warnings = Analysis.RunAnalysis.OtherWarnings(result, findings);
        var saturated = findings.Any(f => f.Kind == Analysis.FindingKind.GeneratorSaturation);
        if (saturated)
        {
            writer.Write("<p class=\"note\">The generator limited the results: see the generator saturation finding above.</p>\n");
        }

        if (warnings.Count > 0)
        {
            writer.Write("<ul class=\"warnings\">\n");
            foreach (var warning in warnings)
            {
                writer.Write($"<li>{HtmlText.Escape(warning)}</li>\n");
            }

            writer.Write("</ul>\n");
        }
        else if (!saturated)
        {
            writer.Write("<p class=\"note\">No warning: the generator did not limit the results.</p>\n");
        }

        writer.Write("</section>\n");
    }

    /// <summary>Every request accounted for.</summary>
    public static void Accounting(TextWriter writer, RunResult result)
    {
        var a = result.Accounting;
        writer.Write("<section id=\"accounting\">\n<h2>Accounting</h2>\n<dl class=\"facts\">\n");
        Fact(writer, "Sent", HtmlText.Count(a.Sent), numeric: true);
        Fact(writer, "Succeeded", HtmlText.Count(a.Succeeded), numeric: true);
        Fact(writer, "Failed", HtmlText.Count(a.Failed), numeric: true);
        Fact(writer, "In flight at stop", HtmlText.Count(a.InFlightAtStop), numeric: true);
        writer.Write("</dl>\n");
        writer.Write(a.Balanced
            ? "<p class=\"note\">Sent = succeeded + failed + in flight at stop: every request is accounted for.</p>\n"
            : "<p class=\"note\">Sent ≠ succeeded + failed + in flight at stop: the counts do not balance.</p>\n");
        writer.Write("</section>\n");
    }

    /// <summary>The scenarios that ran.</summary>
    public static void Scenarios(TextWriter writer, RunResult result)
    {
        HtmlSections.Open(writer, "scenarios", "Scenarios", ("Scenario", false), ("Executor", false), ("Model", false), ("Settings", false));
        foreach (var scenario in result.Run.Scenarios)
        {
            writer.Write($"<tr><td>{HtmlText.Escape(scenario.Name)}</td><td>{HtmlText.Escape(scenario.Executor)}</td>" +
                $"<td>{(scenario.OpenModel ? "open (arrival rate)" : "closed (VUs)")}</td><td>{HtmlText.Escape(scenario.Description)}</td></tr>\n");
        }

        HtmlSections.Close(writer, result.Run.Scenarios.Count == 0 ? "No scenario recorded." : null);
    }

    /// <summary>Where and how the run was made, with its command line (already redacted).</summary>
    public static void Environment(TextWriter writer, RunResult result)
    {
        var run = result.Run;
        writer.Write("<section id=\"environment\">\n<h2>Environment</h2>\n<dl class=\"facts\">\n");
        Fact(writer, "Tool", run.Tool);
        Fact(writer, "Machine", run.Machine.Length > 0 ? run.Machine : "not recorded");
        Fact(writer, "Transport", run.Transport switch
        {
            "fast" => "fast (Stampede's HTTP/1.1 client)",
            "handler" => "handler (.NET SocketsHttpHandler)",
            null => "not recorded",
            var other => other,
        });
        Fact(writer, "Git commit", run.GitCommit ?? "not recorded");
        Fact(writer, "Started", run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        Fact(writer, "Duration", HtmlText.Duration(run.Duration));
        Fact(writer, "Interval", HtmlText.Duration(run.Interval) + $" ({HtmlText.Count(result.Series.Count)} intervals)");
        Fact(writer, "Outcome", run.Outcome);
        if (run.Insecure)
        {
            Fact(writer, "TLS", "certificate verification off (--insecure)");
        }

        writer.Write("</dl>\n");
        if (run.Command.Length > 0)
        {
            writer.Write($"<h3>Command line</h3>\n<pre class=\"command\"><code>{HtmlText.Escape(run.Command)}</code></pre>\n");
        }

        writer.Write("</section>\n");
    }

    private static void Fact(TextWriter writer, string name, string value, bool numeric = false) =>
        writer.Write($"<dt>{HtmlText.Escape(name)}</dt><dd{(numeric ? " class=\"num\"" : "")}>{HtmlText.Escape(value)}</dd>\n");
}

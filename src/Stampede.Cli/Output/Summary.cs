using Spectre.Console;
using Stampede.Analysis;
using Stampede.Engine;
using Stampede.Engine.Profiles;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Output;

/// <summary>The end-of-run summary: k6-style metric lines, a per-request-name table, checks, thresholds, findings, accounting, errors and generator health.</summary>
internal static class Summary
{
    // Columns of finding text after its indent: fits the 160-column `text` report and an ordinary terminal.
    private const int FindingWidth = 110;

    private static readonly MetricDefinition[] TrendOrder =
    [
        BuiltinMetrics.HttpReqDuration, BuiltinMetrics.HttpReqServiceTime, BuiltinMetrics.HttpReqWaiting,
        BuiltinMetrics.HttpReqConnecting, BuiltinMetrics.HttpReqTlsHandshaking, BuiltinMetrics.HttpReqSending,
        BuiltinMetrics.HttpReqReceiving, BuiltinMetrics.IterationDuration,
    ];

    public static void Write(IAnsiConsole console, RunResult result, BreakpointReport? breakpoint = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var seconds = Math.Max(result.Run.Duration.TotalSeconds, 1e-3);
        var open = result.Run.Scenarios.Any(s => s.OpenModel);
        var findings = RunAnalysis.Findings(result);
        console.WriteLine();
        console.MarkupLine($"  [bold]summary[/] ({Markup.Escape(result.Run.Outcome)}, {Units.Clock(result.Run.Duration)})");
        console.WriteLine();
        if (Stampede.Reports.ReportText.LoadChanges(result) is { } changes)
        {
            console.MarkupLine($"  {Markup.Escape(changes)}");
            console.WriteLine();
        }

        foreach (var metric in TrendOrder)
        {
            if (metric == BuiltinMetrics.HttpReqServiceTime && !open)
            {
                continue; // In the closed model it equals http_req_duration.
            }

            if (result.Total(metric) is { Count: > 0 } trend)
            {
                Line(console, metric.Name, $"avg={Units.Micros(trend.Mean)} min={Units.Micros(trend.Min)} med={Units.Micros(trend.Percentile(50))} " +
                    $"max={Units.Micros(trend.Max)} p(90)={Units.Micros(trend.Percentile(90))} p(95)={Units.Micros(trend.Percentile(95))} " +
                    $"p(99)={Units.Micros(trend.Percentile(99))} p(99.9)={Units.Micros(trend.Percentile(99.9))}");
            }
        }

        if (result.Total(BuiltinMetrics.HttpReqFailed) is { } failed)
        {
            Line(console, "http_req_failed", $"{Units.Percent(failed.Rate)}  {Units.Count(failed.Passes)} of {Units.Count(failed.Passes + failed.Fails)}");
        }

        Counter(console, result, BuiltinMetrics.HttpReqs, seconds);
        Counter(console, result, BuiltinMetrics.Iterations, seconds);
        Counter(console, result, BuiltinMetrics.DroppedIterations, seconds);
        if (result.Total(BuiltinMetrics.DataReceived) is { } received)
        {
            Line(console, "data_received", $"{Units.Bytes(received.Sum)}  {Units.Bytes(received.Sum / seconds)}/s");
        }

        if (result.Total(BuiltinMetrics.DataSent) is { } sent)
        {
            Line(console, "data_sent", $"{Units.Bytes(sent.Sum)}  {Units.Bytes(sent.Sum / seconds)}/s");
        }

        if (result.Total(BuiltinMetrics.VusMax) is { } vusMax)
        {
            Line(console, "vus_max", $"{vusMax.Max:0}");
        }

        console.WriteLine();
        WriteOpenModel(console, result, seconds, findings);
        WriteRequests(console, result, seconds);
        WriteChecks(console, result);
        WriteThresholds(console, result);
        if (breakpoint is not null)
        {
            WriteBreakpoint(console, breakpoint);
        }

        WriteFindings(console, findings);
        WriteAccounting(console, result);
        WriteErrors(console, result);
        WriteGenerator(console, result, findings);
    }

    // Findings text is culture-invariant (it is the same in every report); only the layout is the terminal's. Wrapped
    // here at a fixed width, not by the console, so the summary reads the same at any terminal width and the `text`
    // report is line for line what the run printed.
    private static void WriteFindings(IAnsiConsole console, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        console.MarkupLine($"  [bold]findings[/] ({findings.Count}):");
        foreach (var finding in findings)
        {
            var mark = finding.Severity == FindingSeverity.Warning ? "[yellow]![/]" : "[blue]i[/]";
            var first = true;
            foreach (var line in Wrap(finding.Title, FindingWidth))
            {
                console.MarkupLine((first ? $"    {mark} " : "      ") + Markup.Escape(line));
                first = false;
            }

            foreach (var line in Wrap(finding.Detail, FindingWidth))
            {
                console.MarkupLine($"      [grey]{Markup.Escape(line)}[/]");
            }
        }
    }

    internal static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static void WriteOpenModel(IAnsiConsole console, RunResult result, double seconds, IReadOnlyList<Finding> findings)
    {
        if (!result.Run.Scenarios.Any(s => s.OpenModel))
        {
            return;
        }

        var reqs = result.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0;
        console.MarkupLine($"  open model: achieved {Units.Rate(reqs / seconds)} requests over {Units.Clock(result.Run.Duration)} " +
            $"({Markup.Escape(string.Join("; ", result.Run.Scenarios.Where(s => s.OpenModel).Select(s => s.Description)))})");
        var response = result.Total(BuiltinMetrics.HttpReqDuration);
        var service = result.Total(BuiltinMetrics.HttpReqServiceTime);
        if (response is { Count: > 0 } && service is { Count: > 0 })
        {
            var r99 = response.Percentile(99);
            var s99 = service.Percentile(99);
            // One rule for "far apart": the coordinated-omission finding's (docs/findings.md).
            var note = findings.Any(f => f.Kind == FindingKind.CoordinatedOmission)
                ? "[yellow]far apart: see the coordinated-omission finding below[/]"
                : "no coordinated-omission gap";
            console.MarkupLine($"  response time p99 {Units.Micros(r99)} (from the intended start) · service time p99 {Units.Micros(s99)} (from the send) — {note}");
        }

        console.WriteLine();
    }

    private static void WriteRequests(IAnsiConsole console, RunResult result, double seconds)
    {
        var names = result.Metrics.Where(m => m.Metric == BuiltinMetrics.HttpReqs)
            .Select(m => (Name: m.Tags["name"] ?? "", Method: m.Tags["method"] ?? ""))
            .Distinct().OrderBy(n => n.Name, StringComparer.Ordinal).ThenBy(n => n.Method, StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("Name", "Method", "Requests", "Failures", "Median", "Average", "p95", "p99", "Max", "req/s");
        foreach (var (name, method) in names)
        {
            var filter = TagSet.Of(("name", name), ("method", method));
            var count = result.Total(BuiltinMetrics.HttpReqs, filter)?.Count ?? 0;
            var fails = result.Total(BuiltinMetrics.HttpReqFailed, filter)?.Passes ?? 0;
            var d = result.Total(BuiltinMetrics.HttpReqDuration, filter);
            table.AddRow(Markup.Escape(name), method, Units.Count(count), Units.Count(fails),
                Units.Micros(d?.Percentile(50) ?? double.NaN), Units.Micros(d?.Mean ?? double.NaN),
                Units.Micros(d?.Percentile(95) ?? double.NaN), Units.Micros(d?.Percentile(99) ?? double.NaN),
                Units.Micros(d?.Max ?? double.NaN), Units.Rate(count / seconds));
        }

        console.Write(table);
    }

    private static void WriteChecks(IAnsiConsole console, RunResult result)
    {
        var checks = result.Checks;
        if (checks.Count == 0)
        {
            return;
        }

        var passes = checks.Sum(c => c.Passes);
        var total = passes + checks.Sum(c => c.Fails);
        console.MarkupLine((passes == total ? "  checks: [green]" : "  checks: [red]") +
            Markup.Escape($"{Units.Percent((double)passes / total)} passed ({passes} of {total})") + "[/]");
        var severalScenarios = checks.Select(c => c.Scenario).Distinct().Count() > 1;
        foreach (var check in checks)
        {
            var where = (check.Group.Length > 0 ? check.Group + " " : "") + (severalScenarios ? $"[{check.Scenario}] " : "");
            console.MarkupLine((check.Fails == 0 ? "    [green]✓[/] " : "    [red]✗[/] ") +
                Markup.Escape($"{where}{check.Name}  {Units.Percent(check.PassRate)} ({check.Passes} ✓ / {check.Fails} ✗)"));
        }
    }

    private static void WriteThresholds(IAnsiConsole console, RunResult result)
    {
        if (result.Thresholds.Count == 0)
        {
            return;
        }

        var crossed = result.Thresholds.Count(t => !t.Passed);
        console.MarkupLine(crossed == 0
            ? $"  thresholds: [green]all {result.Thresholds.Count} passed[/]"
            : $"  thresholds: [red]{crossed} of {result.Thresholds.Count} crossed[/]");
        foreach (var verdict in result.Thresholds)
        {
            var threshold = verdict.Threshold;
            var observed = verdict.Observed is { } value
                ? $"{threshold.StatisticName}={Observed(threshold, value)}"
                : "no samples to judge";
            var window = verdict.WindowStart is { } start ? $" in the {Units.Clock(threshold.Window!.Value)} window from {Units.Clock(start)}" : "";
            console.MarkupLine((verdict.Passed ? "    [green]✓[/] " : "    [red]✗[/] ") +
                Markup.Escape($"{threshold.Source}  ({observed}{window})"));
        }
    }

    // breakpoint: stopped by `http_req_failed: rate<0.01` at 850 iterations/s (target), 842/s achieved, after 2m10s
    // (target and achieved over the last full interval before the stop)
    internal static void WriteBreakpoint(IAnsiConsole console, BreakpointReport report)
    {
        static string PerSecond(double rate) => Units.Rate(rate).Replace("/s", " iterations/s", StringComparison.Ordinal);
        var target = PerSecond(report.TargetRate) + " (target)";
        var achieved = report.AchievedRate is { } rate ? $"{Units.Rate(rate)} achieved" : "achieved: no full interval before the stop";
        var after = Durations.Format(report.StoppedAt >= TimeSpan.FromMinutes(1)
            ? TimeSpan.FromSeconds(Math.Round(report.StoppedAt.TotalSeconds))
            : TimeSpan.FromSeconds(Math.Round(report.StoppedAt.TotalSeconds, 1)));
        var line = report switch
        {
            { StoppedBy: { } by } => $"stopped by `{by.Threshold.Source}` at {target}, {achieved}, after {after}",
            { PeakReached: true } => $"reached the peak ({PerSecond(report.PeakRate)}) after {after} without crossing a threshold; " +
                $"in the last interval {target}, {achieved}; raise --peak to find the breaking point",
            _ => $"{report.Outcome} at {target}, {achieved}, after {after}, before any threshold was crossed",
        };
        console.MarkupLine($"  [bold]breakpoint:[/] {Markup.Escape(line)}");
    }

    internal static string Observed(Thresholds.Threshold threshold, double value) =>
        threshold.Metric.IsTime && threshold.Statistic is not (Thresholds.ThresholdStatistic.Count or Thresholds.ThresholdStatistic.Rate)
            ? Units.Micros(value * 1000)
            : value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteAccounting(IAnsiConsole console, RunResult result)
    {
        var a = result.Accounting;
        console.MarkupLine($"  requests: sent {Units.Count(a.Sent)} = succeeded {Units.Count(a.Succeeded)} + failed {Units.Count(a.Failed)} + in flight at stop {Units.Count(a.InFlightAtStop)}");
    }

    private static void WriteErrors(IAnsiConsole console, RunResult result)
    {
        if (result.Errors.Counts.Count == 0)
        {
            return;
        }

        console.MarkupLine("  errors: " + Markup.Escape(string.Join(", ",
            result.Errors.Counts.OrderByDescending(e => e.Value).Select(e => $"{e.Key.ToName()} {Units.Count(e.Value)}"))));
        foreach (var message in result.Errors.Messages.Take(5))
        {
            console.MarkupLine($"    [grey]{message.Kind.ToName()} ×{Units.Count(message.Count)}:[/] {Markup.Escape(message.Message)}");
        }
    }

    private static void WriteGenerator(IAnsiConsole console, RunResult result, IReadOnlyList<Finding> findings)
    {
        var g = result.Generator;
        var lag = g.SchedulingLag is { Count: > 0 } l ? $" · scheduling lag p99 {Units.Micros(l.Percentile(99))}" : "";
        console.MarkupLine($"  generator: cpu mean {g.CpuPercentMean:0}% / max {g.CpuPercentMax:0}% of {g.Cores} core(s) · gc pauses {g.GcPauseMs:0} ms · " +
            $"max connections {g.MaxConnections}{Markup.Escape(lag)}");
        if (result.Run.Insecure)
        {
            console.MarkupLine("  [yellow]TLS verification was OFF (--insecure): the server's identity was not checked[/]");
        }

        // Saturation warnings a finding already states (with its numbers) are not repeated here.
        foreach (var warning in RunAnalysis.OtherWarnings(result, findings))
        {
            console.MarkupLine($"  [yellow]warning:[/] {Markup.Escape(warning)}");
        }

        console.WriteLine();
    }

    private static void Counter(IAnsiConsole console, RunResult result, MetricDefinition metric, double seconds)
    {
        if (result.Total(metric) is { } counter && counter.Sum > 0)
        {
            Line(console, metric.Name, $"{Units.Count(counter.Sum)}  {Units.Rate(counter.Sum / seconds)}");
        }
    }

    private static void Line(IAnsiConsole console, string name, string value) =>
        console.MarkupLine($"  {Markup.Escape(name.PadRight(26, '.'))}: {Markup.Escape(value)}");
}

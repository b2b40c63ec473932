using System.CommandLine;
using Stampede.Cli.Dashboard;
using Stampede.Engine;
using Stampede.Reports;
using Stampede.Thresholds;

namespace Stampede.Cli.Commands;

/// <summary>Options several commands share, with their parsing and validation.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Out() => new("--out", "-o")
    {
        Description = "Where the run's data goes, PATH or KIND=TARGET (repeatable): results.json or json=results.json writes the results file " +
            "at the end (one per run); run.ndjson or json=run.ndjson streams the interval log, one line per second, which survives kill -9 " +
            "and `stampede report` reads. With run, replaces the scenario file's options.outputs",
        HelpName = "kind=target",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string[]> Reports() => new("--report")
    {
        Description = "After the run, also write a report FORMAT=PATH (repeatable), e.g. --report junit=junit.xml --report md=summary.md " +
            "--report html=report.html --report csv=out/run; formats: text, json, csv, html, junit, md, hist[…], hlog",
        HelpName = "format=path",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Parses --report values (<c>FORMAT=PATH</c>), checking every format and folder before the run starts.</summary>
    public static IReadOnlyList<ReportTarget> ParseReports(IEnumerable<string>? values)
    {
        var reports = new List<ReportTarget>();
        foreach (var value in values ?? [])
        {
            ReportTarget report;
            try
            {
                report = ReportFormats.Parse(value);
            }
            catch (InvalidInputException ex)
            {
                throw new InvalidInputException($"--report: {ex.Message}", ex);
            }

            ReportCommand.CheckFolder(report.Path, "--report");
            reports.Add(report);
        }

        return reports;
    }

    /// <summary>
    /// The reports a run writes: those of <c>--report</c> when any were given (they replace the file's), otherwise
    /// the scenario file's <c>options.reports</c>, whose folders are checked here, before the run.
    /// </summary>
    public static IReadOnlyList<ReportTarget> ChooseReports(IReadOnlyList<ReportTarget> requested, IReadOnlyList<ReportTarget> planned)
    {
        if (requested.Count > 0)
        {
            return requested;
        }

        foreach (var report in planned)
        {
            ReportCommand.CheckFolder(report.Path, "options.reports:");
        }

        return planned;
    }

    public static Option<string?> Dashboard() => new("--dashboard")
    {
        Description = $"Serve the live web dashboard while the test runs (default {DashboardAddress.Default}): charts, tables, stop and " +
            "downloads; put it after the target or write --dashboard=HOST:PORT. Off loopback it needs the printed token",
        HelpName = "host:port",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The address of <c>--dashboard</c>: null when absent, the default when given without a value.</summary>
    public static DashboardAddress? ParseDashboard(ParseResult parse, Option<string?> option) =>
        parse.GetResult(option) is null ? null
            : DashboardAddress.Parse(parse.GetValue(option) ?? DashboardAddress.Default, "--dashboard");

    public static Option<bool> Insecure() => new("--insecure", "-k")
    {
        Description = "Do not verify the server's TLS certificate (the summary says so). Prefer --cacert.",
    };

    public static Option<bool> Quiet() => new("--quiet", "-q")
    {
        Description = "No live view; only the summary at the end.",
    };

    public static Option<string[]> Thresholds() => new("--threshold")
    {
        Description = "A pass/fail condition 'METRIC: CONDITION' in k6's syntax (repeatable); any crossed exits 3, e.g. 'http_req_duration: p(95)<500'",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Parses --threshold values; the colon inside a tag filter (<c>{name:x}</c>) is the filter's.</summary>
    public static IReadOnlyList<Threshold> ParseThresholds(IEnumerable<string>? lines)
    {
        var thresholds = new List<Threshold>();
        foreach (var line in lines ?? [])
        {
            try
            {
                thresholds.Add(ThresholdParser.ParseLine(line));
            }
            catch (InvalidInputException ex)
            {
                throw new InvalidInputException($"--threshold: {ex.Message}", ex);
            }
        }

        return thresholds;
    }

    /// <summary><c>-e NAME=value</c> and <c>--env-file PATH</c>, for commands that load a scenario file.</summary>
    public static EnvironmentOptions Environment() => new();

    /// <summary>Parses a duration option value; null when absent.</summary>
    public static TimeSpan? Duration(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var value = Durations.Parse(text, option);
        return value > TimeSpan.Zero ? value : throw new InvalidInputException($"{option}: must be longer than 0 (got '{text}')");
    }
}

using System.CommandLine;
using Spectre.Console;
using Stampede.Cli.Output;
using Stampede.Results;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede report results.json --format FORMAT [-o path]</c>: renders a results file, offline.</summary>
internal static class ReportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var file = new Argument<string>("results")
        {
            Description = "A results file written by --out, e.g. results.json, or an interval log (--out json=run.ndjson), complete or cut short by a killed run",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "text (the run's summary), json (machine summary), csv (Locust's three files), html (charts, one offline file), junit, md, " +
                "hist[0,10ms,50ms,…] (bucket table) or hlog (HdrHistogram interval log)",
            DefaultValueFactory = _ => "text",
            HelpName = "format",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write to this file instead of standard output; for csv, the prefix of PREFIX_stats.csv, PREFIX_stats_history.csv and PREFIX_failures.csv",
            HelpName = "path",
        };
        var command = new Command("report", """
            Render a results file as a report: text, json, csv, html, junit, md, hist[…] or hlog (docs/reports.md).

            Examples:
              stampede report results.json                                the summary the run printed
              stampede report results.json --format html -o report.html   charts and tables, one file that works offline
              stampede report results.json --format md -o summary.md      for a pull-request comment
              stampede report results.json --format junit -o junit.xml    thresholds and checks as tests
              stampede report results.json --format csv -o out/run        out/run_stats.csv, _stats_history.csv, _failures.csv
              stampede report results.json --format 'hist[0,10ms,50ms,100ms,500ms]'
              stampede report results.json --format hlog -o latency.hlog
              stampede report run.ndjson                                  an interval log, even of a killed run (up to its last second)
            """)
        {
            file, format, output,
        };
        command.SetAction(parse =>
        {
            var name = ReportWriter.Check(parse.GetRequiredValue(format), "--format");
            var path = parse.GetValue(output);
            if (path is not null)
            {
                CheckFolder(path, "--output");
            }

            var result = ResultsFile.Read(parse.GetRequiredValue(file));
            var written = ReportWriter.Write(result, name, path, console.Profile.Out.Writer);
            foreach (var item in written)
            {
                console.MarkupLine($"report written to [bold]{Markup.Escape(Path.GetFullPath(item))}[/]");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Fails before any work when the folder a report goes to does not exist.</summary>
    internal static void CheckFolder(string path, string option)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
        {
            throw new InvalidInputException($"{option} {path}: the folder {folder} does not exist; create it or write elsewhere");
        }
    }
}

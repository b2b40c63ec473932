using Spectre.Console;
using Stampede.Cli.Output;
using Stampede.Engine;
using Stampede.Engine.Profiles;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Cli.Commands;

/// <summary>How a command wants its run executed and reported.</summary>
internal sealed record RunExecutionOptions
{
    public string? OutPath { get; init; }

    /// <summary>Where <see cref="OutPath"/> was given, for messages: <c>--out</c>, or <c>options.outputs</c> of the scenario file.</summary>
    public string OutSource { get; init; } = "--out";

    public bool Quiet { get; init; }

    /// <summary>Reports to write after the results file (<c>--report FORMAT=PATH</c>), whatever the outcome.</summary>
    public IReadOnlyList<ReportTarget> Reports { get; init; } = [];

    public TextWriter? Log { get; init; }

    /// <summary>A breakpoint test: the summary reports the rate reached.</summary>
    public bool Breakpoint { get; init; }
}

/// <summary>Runs a plan with the live view, writes the results file, prints the summary and picks the exit code.</summary>
internal static class RunExecution
{
    public static async Task<int> RunAsync(IAnsiConsole console, TestPlan plan, RunExecutionOptions options, CancellationToken cancellationToken)
    {
        var outPath = options.OutPath is null ? null : Path.GetFullPath(options.OutPath);
        if (outPath is not null && Path.GetDirectoryName(outPath) is { } folder && !Directory.Exists(folder))
        {
            throw new InvalidInputException($"{options.OutSource} {options.OutPath}: the folder {folder} does not exist");
        }

        var live = new LiveView(console, interactive: !options.Quiet && LiveView.IsInteractive(console), plain: !options.Quiet);
        var runner = new Runner(plan, new RunnerOptions { Sinks = [live], Command = CommandLine.Redacted(), WarmUp = true });
        live.Begin(plan);
        var result = await runner.RunAsync(cancellationToken);
        live.End();

        if (outPath is not null)
        {
            ResultsFile.Write(result, outPath);
        }

        Summary.Write(console, result, options.Breakpoint ? BreakpointReport.Compute(plan, result) : null);
        if (outPath is not null)
        {
            console.MarkupLine($"  results written to [bold]{Markup.Escape(outPath)}[/]");
        }

        WriteReports(console, result, options.Reports);
        return ExitCode(result);
    }

    /// <summary>
    /// The exit code for a run's result: 130 when it was interrupted (Ctrl+C) or stopped early (the dashboard's stop),
    /// 4 when a threshold aborted it, else 0 or 3 by its thresholds.
    /// </summary>
    public static int ExitCode(RunResult result) => result.Run.Outcome switch
    {
        "interrupted" or "stopped" => ExitCodes.Interrupted,
        "aborted" => ExitCodes.Aborted,
        _ => result.ThresholdsPassed ? ExitCodes.Ok : ExitCodes.ThresholdsCrossed,
    };

    // Written even after an interrupted or aborted run: a partial result is what the user has to look at then.
    private static void WriteReports(IAnsiConsole console, RunResult result, IReadOnlyList<ReportTarget> reports)
    {
        foreach (var report in reports)
        {
            IReadOnlyList<string> written;
            try
            {
                written = ReportWriter.Write(result, report.Format, report.Path, console.Profile.Out.Writer);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidInputException($"--report {report.Format}={report.Path}: cannot write the report ({ex.Message})", ex);
            }

            foreach (var path in written)
            {
                console.MarkupLine($"  {Markup.Escape(report.Format)} report written to [bold]{Markup.Escape(Path.GetFullPath(path))}[/]");
            }
        }
    }
}

using Spectre.Console;
using Stampede.Cli.Dashboard;
using Stampede.Cli.Output;
using Stampede.Cli.Outputs;
using Stampede.Engine;
using Stampede.Engine.Profiles;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Cli.Commands;

/// <summary>How a command wants its run executed and reported.</summary>
internal sealed record RunExecutionOptions
{
    /// <summary>The results file and the outputs fed live (<c>--out</c>, or <c>options.outputs</c> of the scenario file).</summary>
    public OutputOptions Outputs { get; init; } = OutputOptions.None;

    public bool Quiet { get; init; }

    /// <summary>Reports to write after the results file (<c>--report FORMAT=PATH</c>), whatever the outcome.</summary>
    public IReadOnlyList<ReportTarget> Reports { get; init; } = [];

    public TextWriter? Log { get; init; }

    /// <summary>Where to serve the live dashboard (<c>--dashboard</c>); null: none.</summary>
    public DashboardAddress? Dashboard { get; init; }

    /// <summary>A breakpoint test: the summary reports the rate reached.</summary>
    public bool Breakpoint { get; init; }
}

/// <summary>Runs a plan with the live view, writes the results file, prints the summary and picks the exit code.</summary>
internal static class RunExecution
{
    public static async Task<int> RunAsync(IAnsiConsole console, TestPlan plan, RunExecutionOptions options, CancellationToken cancellationToken)
    {
        var outPath = options.Outputs.ResultsPath is { } given ? Path.GetFullPath(given) : null;
        var command = CommandLine.Redacted();
        var outputs = await options.Outputs.OpenAsync(plan, command, TimeProvider.System);
        RunResult result;
        try
        {
            var live = new LiveView(console, interactive: !options.Quiet && LiveView.IsInteractive(console), plain: !options.Quiet);
            // The dashboard also serves the run's Prometheus exposition on /metrics.
            var metrics = options.Dashboard is null ? null : new PrometheusState();
            var runner = new Runner(plan, new RunnerOptions
            {
                Sinks = metrics is null ? [live, .. outputs] : [live, metrics, .. outputs],
                Command = command,
                WarmUp = true,
            });
            using var session = options.Dashboard is null ? null : DashboardSession.Watch(plan, runner);
            await using var dashboard = options.Dashboard is { } address
                ? await DashboardServer.StartAsync(address, session!, app => MetricsEndpoint.Map(app, metrics!), cancellationToken: cancellationToken)
                : null;
            if (dashboard is not null)
            {
                console.MarkupLine($"  dashboard on [bold link]{Markup.Escape(dashboard.Url.ToString())}[/]");
            }

            live.Begin(plan);
            var run = runner.RunAsync(cancellationToken);
            session?.Attach(run);
            result = await run;
            live.End();
        }
        finally
        {
            foreach (var output in outputs)
            {
                await output.DisposeAsync();
            }
        }

        result = WithWarnings(result, [.. outputs.SelectMany(o => o.Warnings)]);
        foreach (var output in options.Outputs.Streams.Where(s => s.Kind == "json"))
        {
            console.MarkupLine($"  interval log written to [bold]{Markup.Escape(Path.GetFullPath(output.Target))}[/]");
        }

        foreach (var output in outputs.OfType<BatchingOutput>())
        {
            console.MarkupLine($"  output {Markup.Escape(output.Status.ToString())}");
        }

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

    // What the outputs had to say (intervals they dropped, a write that failed) belongs with the run's other warnings.
    private static RunResult WithWarnings(RunResult result, IReadOnlyList<string> warnings) =>
        warnings.Count == 0 ? result : result.WithGeneratorWarnings(warnings);

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

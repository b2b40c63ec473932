using Spectre.Console;
using Stampede.Cli.Output;
using Stampede.Engine;
using Stampede.Engine.Profiles;
using Stampede.Results;

namespace Stampede.Cli.Commands;

/// <summary>How a command wants its run executed and reported.</summary>
internal sealed record RunExecutionOptions
{
    public string? OutPath { get; init; }

    /// <summary>Where <see cref="OutPath"/> was given, for messages: <c>--out</c>, or <c>options.outputs</c> of the scenario file.</summary>
    public string OutSource { get; init; } = "--out";

    public bool Quiet { get; init; }

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

        return result.Run.Outcome switch
        {
            "interrupted" => ExitCodes.Interrupted,
            "aborted" => ExitCodes.Aborted,
            _ => result.ThresholdsPassed ? ExitCodes.Ok : ExitCodes.ThresholdsCrossed,
        };
    }
}

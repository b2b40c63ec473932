using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede merge a.json b.json … -o all.json</c>: one results file from several generators' (docs/merge.md).
/// Exits 0 when merged, 3 when a threshold judged again on the merged data is crossed, 2 for a missing,
/// corrupt or incompatible file.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var files = new Argument<string[]>("results")
        {
            Description = "The results files of every generator (stampede-results/1, written with --out)",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Write the merged results file to this path",
            HelpName = "path",
            Required = true,
        };
        var command = new Command("merge", """
            Merge the results files of several generators that ran one test together: counts and histograms
            added, series aligned by wall-clock time, thresholds and checks judged again on the merged data.
            Exits 0 when merged, 3 when a threshold is crossed on the merged data, 2 for a missing, corrupt or
            incompatible file.

            Examples:
              stampede merge gen1.json gen2.json gen3.json gen4.json -o all.json
              stampede merge results/*.json --out merged.json
              stampede merge a.json b.json -o all.json && stampede report all.json --format md -o all.md
            """)
        {
            files, output,
        };
        command.SetAction(parse => Run(console, parse.GetRequiredValue(files), parse.GetRequiredValue(output)));
        return command;
    }

    internal static int Run(IAnsiConsole console, IReadOnlyList<string> files, string output)
    {
        if (files.Count < 2)
        {
            throw new InvalidInputException(
                $"merge needs at least two results files, found {files.Count}; list every generator's file, e.g. stampede merge gen1.json gen2.json -o all.json");
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!seen.TryAdd(Path.GetFullPath(file), file))
            {
                throw new InvalidInputException(
                    $"{file}: given twice (as {seen[Path.GetFullPath(file)]}); list each generator's results file once");
            }
        }

        var outPath = Path.GetFullPath(output);
        if (seen.ContainsKey(outPath))
        {
            throw new InvalidInputException($"--out {output}: is one of the inputs; write the merged results to a new file");
        }

        var parts = files.Select(ResultsFile.Read).ToArray();
        var merged = ResultsMerger.Merge(parts, files);
        ResultsFile.Write(merged, outPath);

        var requests = merged.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0;
        var iterations = merged.Total(BuiltinMetrics.Iterations)?.Count ?? 0;
        var crossed = merged.Thresholds.Count(t => !t.Passed);
        var line = string.Create(CultureInfo.CurrentCulture,
            $"merged {files.Count} results files: {merged.Run.Duration.TotalSeconds:N1} s from {merged.Run.Started:u}, {requests:N0} requests ({merged.Accounting.Failed:N0} failed), {iterations:N0} iterations, outcome {merged.Run.Outcome}");
        console.WriteLine(line);
        foreach (var threshold in merged.Thresholds)
        {
            var observed = threshold.Observed is { } value ? value.ToString("G6", CultureInfo.CurrentCulture) : "no data";
            console.MarkupLine((threshold.Passed ? "  [green]✓[/] " : "  [red]✗[/] ") +
                Markup.Escape($"{threshold.Threshold.Source} (observed {observed})"));
        }

        foreach (var warning in merged.Generator.Warnings)
        {
            console.MarkupLine("  [yellow]![/] " + Markup.Escape(warning));
        }

        console.MarkupLine($"  merged results written to [bold]{Markup.Escape(outPath)}[/]");
        return crossed > 0 ? ExitCodes.ThresholdsCrossed : ExitCodes.Ok;
    }
}

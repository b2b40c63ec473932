using System.Text;
using Spectre.Console;
using Stampede.Reports;
using Stampede.Results;
using Stampede.Scenarios;

namespace Stampede.Cli.Output;

/// <summary>Renders a <see cref="RunResult"/> in one of the report formats, to a file or to standard output.</summary>
internal static class ReportWriter
{
    /// <summary>Checks a format name, with a "did you mean" hint when it is unknown; returns it lower-cased.</summary>
    public static string Check(string format, string option)
    {
        try
        {
            return ReportFormats.Check(format);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"{option}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Writes <paramref name="result"/> as <paramref name="format"/> to <paramref name="path"/> (for <c>csv</c>, a
    /// prefix of three files), or to <paramref name="stdout"/> when the path is null; returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Write(RunResult result, string format, string? path, TextWriter stdout)
    {
        format = Check(format, "--format");
        if (format == "csv")
        {
            if (path is null)
            {
                // Standard output has room for one file: the per-name statistics.
                LocustCsvReport.WriteStats(result, stdout);
                return [];
            }

            return LocustCsvReport.WriteFiles(result, CsvPrefix(path));
        }

        var text = Render(result, format);
        if (path is null)
        {
            stdout.Write(text);
            return [];
        }

        File.WriteAllText(path, text, new UTF8Encoding(false));
        return [path];
    }

    /// <summary>The CSV prefix for a path: <c>out/run</c>, also when given as <c>out/run.csv</c> or <c>out/run_stats.csv</c>.</summary>
    public static string CsvPrefix(string path)
    {
        foreach (var suffix in new[] { "_stats.csv", ".csv" })
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && path.Length > suffix.Length)
            {
                return path[..^suffix.Length];
            }
        }

        return path;
    }

    private static string Render(RunResult result, string format) => format switch
    {
        "text" => Text(result),
        "json" => JsonSummaryReport.Render(result),
        "html" => HtmlReport.Render(result),
        "junit" => JUnitReport.Render(result),
        "md" => MarkdownReport.Render(result),
        "hlog" => HdrIntervalLogReport.Render(result),
        _ => Histogram(result, format),
    };

    private static string Histogram(RunResult result, string format)
    {
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        HistogramBucketReport.Write(result, HistogramBucketReport.Parse(format), text);
        return text.ToString();
    }

    // The very summary a run prints, rendered without colour or terminal control codes.
    private static string Text(RunResult result)
    {
        var text = new StringWriter(System.Globalization.CultureInfo.CurrentCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 160;
        Summary.Write(console, result);
        return text.ToString();
    }
}

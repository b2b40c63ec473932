using Spectre.Console;
using Stampede.Cli.Output;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Tests;

public sealed class SummaryFindingsTests
{
    // As the engine writes it (Results/GeneratorWarnings.cs).
    private const string CpuWarning = "generator CPU reached 96% of 2 core(s); the generator may have been the bottleneck and these results may understate latency";

    private static RunResult Result(GeneratorHealth generator)
    {
        var tags = TagSet.Of(("name", "search"), ("method", "GET"), ("status", "200"));
        var duration = new MetricAggregate(BuiltinMetrics.HttpReqDuration, tags);
        var requests = new MetricAggregate(BuiltinMetrics.HttpReqs, tags);
        for (var i = 0; i < 200; i++)
        {
            // 80 % at 2 ms, 20 % at 30 ms: p95 is 15× the median.
            duration.AddTrend(i % 5 == 0 ? 30_000 : 2_000);
            requests.AddCount(1);
        }

        return new RunResult
        {
            Run = new RunInfo
            {
                Tool = "stampede 0.1.0",
                Started = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
                Duration = TimeSpan.FromSeconds(10),
                Scenarios = [new ScenarioInfo("s", "constant-vus", false, "4 VUs for 10s")],
            },
            Metrics = [duration, requests],
            Series = [],
            Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long>(), Messages = [] },
            Accounting = new RequestAccounting(200, 200, 0, 0),
            Generator = generator,
        };
    }

    private static string Render(RunResult result, int width = 400)
    {
        var output = new StringWriter();
        var console = CliHarness.Console(output, width);
        Summary.Write(console, result);
        return output.ToString();
    }

    [Fact]
    public void Write_SaturatedGenerator_FindingsSectionAndTheSaturationWarningOnlyOnce()
    {
        var result = Result(new GeneratorHealth
        {
            CpuPercentMax = 96,
            CpuPercentMean = 70,
            Cores = 2,
            Warnings = [CpuWarning, "output InfluxSink failed: connection refused"],
        });

        var text = Render(result);

        Assert.Contains("  findings (2):\n    ! generator saturation (CPU 96%): these results understate latency\n", text, StringComparison.Ordinal);
        Assert.Contains("    i instability: 'search' p95 30 ms is 15× its median 2 ms\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("generator CPU reached", text, StringComparison.Ordinal);
        Assert.Contains("warning: output InfluxSink failed: connection refused", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("findings (2)", StringComparison.Ordinal) < text.IndexOf("requests: sent", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_NoSaturationFinding_WarningKept()
    {
        var result = Result(new GeneratorHealth { CpuPercentMax = 40, Cores = 2, Warnings = [CpuWarning] });

        var text = Render(result);

        Assert.Contains("warning: generator CPU reached 96% of 2 core(s)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("generator saturation", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NarrowOrWideConsole_FindingsWrappedTheSameWay()
    {
        var result = Result(new GeneratorHealth { CpuPercentMax = 96, CpuPercentMean = 70, Cores = 2 });

        var narrow = Render(result, width: 120);
        var wide = Render(result, width: 400);

        Assert.Equal(Section(wide), Section(narrow));
        Assert.All(Section(wide).Split('\n'), line => Assert.True(line.Length <= 116, line));

        static string Section(string text) =>
            text[text.IndexOf("  findings", StringComparison.Ordinal)..text.IndexOf("  requests: sent", StringComparison.Ordinal)].TrimEnd();
    }

    [Fact]
    public void Wrap_LongText_LinesWithinTheWidthAndNoWordLost()
    {
        const string Text = "one two three four five six seven eight nine ten eleven twelve";

        var lines = Summary.Wrap(Text, 15).ToList();

        Assert.Equal(["one two three", "four five six", "seven eight", "nine ten eleven", "twelve"], lines);
        Assert.Equal(Text, string.Join(" ", lines));
    }
}

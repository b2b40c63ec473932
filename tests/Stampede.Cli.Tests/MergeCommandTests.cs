using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Tests;

public sealed class MergeCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 4, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-merge-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Merge_TwoFiles_WritesMergedResultsAndExits0()
    {
        var a = Write("a.json", Result(T0, 3, 1_000));
        var b = Write("b.json", Result(T0 + TimeSpan.FromSeconds(1), 5, 9_000));
        var output = Path.Combine(_folder, "all.json");

        var (code, stdout, error) = await CliHarness.RunAsync("merge", a, b, "-o", output);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("merged 2 results files", stdout, StringComparison.Ordinal);
        Assert.Contains("8 requests", stdout, StringComparison.Ordinal);
        var merged = ResultsFile.Read(output);
        Assert.Equal(8, merged.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.Equal(9_000, merged.Total(BuiltinMetrics.HttpReqDuration)!.Max);
        Assert.Equal(TimeSpan.FromSeconds(3), merged.Run.Duration);
        Assert.Equal(new RequestAccounting(8, 8, 0, 0), merged.Accounting);
    }

    [Fact]
    public async Task Merge_ThresholdCrossedOnMergedData_Exits3()
    {
        // Each file alone holds max<5 ms; together the slow generator's 9 ms crosses it.
        var a = Write("a.json", Result(T0, 3, 1_000), "http_req_duration", "max<5");
        var b = Write("b.json", Result(T0, 2, 9_000), "http_req_duration", "max<5");
        var output = Path.Combine(_folder, "all.json");

        var (code, stdout, _) = await CliHarness.RunAsync("merge", a, b, "-o", output);

        Assert.Equal(3, code);
        Assert.Contains("✗ http_req_duration: max<5 (observed 9)", stdout, StringComparison.Ordinal);
        var merged = ResultsFile.Read(output);
        Assert.False(merged.Thresholds.Single().Passed);
    }

    [Fact]
    public async Task Merge_MissingFile_OneLineAndExit2()
    {
        var a = Write("a.json", Result(T0, 1, 1_000));
        var missing = Path.Combine(_folder, "missing.json");

        var (code, _, error) = await CliHarness.RunAsync("merge", a, missing, "-o", Path.Combine(_folder, "all.json"));

        Assert.Equal(2, code);
        Assert.Equal($"stampede: {missing}: file not found", error.Trim());
        Assert.False(File.Exists(Path.Combine(_folder, "all.json")));
    }

    [Fact]
    public async Task Merge_CorruptFile_OneLineAndExit2()
    {
        var a = Write("a.json", Result(T0, 1, 1_000));
        var corrupt = Path.Combine(_folder, "corrupt.json");
        await File.WriteAllTextAsync(corrupt, "{\"format\": \"stampede-results/1\", \"run\": ");

        var (code, _, error) = await CliHarness.RunAsync("merge", a, corrupt, "-o", Path.Combine(_folder, "all.json"));

        Assert.Equal(2, code);
        Assert.StartsWith($"stampede: {corrupt}: not valid JSON", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Merge_DifferentIntervals_OneLineAndExit2()
    {
        var a = Write("a.json", Result(T0, 1, 1_000));
        var b = Write("b.json", Result(T0, 1, 1_000, TimeSpan.FromSeconds(10)));

        var (code, _, error) = await CliHarness.RunAsync("merge", a, b, "-o", Path.Combine(_folder, "all.json"));

        Assert.Equal(2, code);
        Assert.Contains($"{b}: interval 10s but {a} has 1s", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_SameFileTwice_OneLineAndExit2()
    {
        var a = Write("a.json", Result(T0, 1, 1_000));
        var again = Path.Combine(_folder, ".", "a.json");

        var (code, _, error) = await CliHarness.RunAsync("merge", a, again, "-o", Path.Combine(_folder, "all.json"));

        Assert.Equal(2, code);
        Assert.Contains($"{again}: given twice (as {a})", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_OneFile_OneLineAndExit2()
    {
        var a = Write("a.json", Result(T0, 1, 1_000));

        var (code, _, error) = await CliHarness.RunAsync("merge", a, "-o", Path.Combine(_folder, "all.json"));

        Assert.Equal(2, code);
        Assert.Contains("merge needs at least two results files, found 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_OutputIsAnInput_Exit2()
    {
        var a = Write("a.json", Result(T0, 1, 1_000));
        var b = Write("b.json", Result(T0, 2, 1_000));

        var (code, _, error) = await CliHarness.RunAsync("merge", a, b, "-o", b);

        Assert.Equal(2, code);
        Assert.Contains("is one of the inputs", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_Help_ShowsExamples()
    {
        var (code, stdout, _) = await CliHarness.RunAsync("merge", "--help");

        Assert.Equal(0, code);
        Assert.Contains("stampede merge gen1.json gen2.json gen3.json gen4.json -o all.json", stdout, StringComparison.Ordinal);
    }

    private static RunResult Result(DateTimeOffset started, int requests, long micros, TimeSpan? interval = null)
    {
        var length = interval ?? TimeSpan.FromSeconds(1);
        var tags = TagSet.Of(("name", "home"), ("scenario", "s"), ("status", "200"));
        var count = new MetricAggregate(BuiltinMetrics.HttpReqs, tags);
        var duration = new MetricAggregate(BuiltinMetrics.HttpReqDuration, tags);
        for (var i = 0; i < requests; i++)
        {
            count.AddCount(1);
            duration.AddTrend(micros);
        }

        var metrics = new Dictionary<SeriesKey, MetricAggregate> { [count.Key] = count, [duration.Key] = duration };
        return new RunResult
        {
            Run = new RunInfo { Tool = "stampede 0.1.0", Started = started, Duration = length * 2, Interval = length },
            Metrics = [count.Clone(), duration.Clone()],
            Series =
            [
                new IntervalSnapshot
                {
                    Offset = TimeSpan.Zero,
                    Length = length,
                    Time = started + length,
                    Metrics = metrics,
                    Errors = new Dictionary<ErrorKind, long>(),
                    Generator = default,
                },
            ],
            Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long>(), Messages = [] },
            Accounting = new RequestAccounting(requests, requests, 0, 0),
            Generator = new GeneratorHealth(),
        };
    }

    // The CLI cannot set a result's thresholds; a generator's file carries its verdict as JSON.
    private string Write(string name, RunResult result, string? target = null, string? expression = null)
    {
        var path = Path.Combine(_folder, name);
        var json = ResultsFile.Serialize(result);
        if (target is not null)
        {
            json = json.Replace("\"thresholds\": []",
                $"\"thresholds\": [{{ \"target\": \"{target}\", \"expression\": \"{expression}\", \"passed\": true, \"observed\": 1 }}]", StringComparison.Ordinal);
            Assert.Contains(expression!, json, StringComparison.Ordinal);
        }

        File.WriteAllText(path, json);
        return path;
    }
}

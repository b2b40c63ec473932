using Stampede.Cli.Outputs;
using Stampede.Engine;

namespace Stampede.Cli.Tests.Outputs;

public sealed class OutputOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-outputs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Parse_ResultsFileAndLogs_SplitByExtension()
    {
        var results = Path.Combine(_folder, "r.json");
        var log = Path.Combine(_folder, "run.ndjson");
        var lines = Path.Combine(_folder, "run.JSONL");

        var outputs = OutputOptions.Parse([$"json={log}", results, $"JSON={lines}"], "--out");

        Assert.Equal(results, outputs.ResultsPath);
        Assert.Equal([("json", log, $"--out json={log}"), ("json", lines, $"--out JSON={lines}")],
            outputs.Streams.Select(s => (s.Kind, s.Target, s.Source)));
    }

    [Fact]
    public void Parse_TwoResultsFiles_NamesBothAndTheFix()
    {
        var error = Assert.Throws<InvalidInputException>(() => OutputOptions.Parse([Path.Combine(_folder, "a.json"), $"json={Path.Combine(_folder, "b.json")}"], "--out"));

        Assert.Contains($"two results files, '{Path.Combine(_folder, "a.json")}' and '{Path.Combine(_folder, "b.json")}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(".ndjson", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKind_ListsTheKnownKinds()
    {
        var error = Assert.Throws<InvalidInputException>(() => OutputOptions.Parse(["csv=out.csv"], "--out"));

        Assert.StartsWith("--out csv=out.csv: unknown output kind 'csv'; known kinds: json, influxdb, prometheus-rw", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("influxdb=http://127.0.0.1:8086/k6", "influxdb")]
    [InlineData("prometheus-rw=http://127.0.0.1:9090/api/v1/write", "prometheus-rw")]
    public void Parse_NetworkKind_IsAnOutputFedLive(string value, string kind)
    {
        var outputs = OutputOptions.Parse([value, "results.json"], "--out");

        var stream = Assert.Single(outputs.Streams);
        Assert.Equal(kind, stream.Kind);
        Assert.Equal(value[(kind.Length + 1)..], stream.Target);
        Assert.Equal("results.json", outputs.ResultsPath);
    }

    [Theory]
    [InlineData("influxdb=http://127.0.0.1:8086/", "the URL's path must be the database name")]
    [InlineData("influxdb=ftp://127.0.0.1/k6", "is not an http:// or https:// URL")]
    [InlineData("prometheus-rw=127.0.0.1:9090", "prometheus-rw")]
    public void Parse_NetworkKindWithABadUrl_SaysTheFormBeforeTheRun(string value, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => OutputOptions.Parse([value], "--out"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json=")]
    [InlineData("influxdb=")]
    public void Parse_NoTarget_SaysHowToWriteIt(string value)
    {
        var error = Assert.Throws<InvalidInputException>(() => OutputOptions.Parse([value], "--out"));

        Assert.Contains("names no", error.Message, StringComparison.Ordinal);
        Assert.Contains("write it like", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingFolder_FailsBeforeTheRun()
    {
        var log = Path.Combine(_folder, "nope", "run.ndjson");

        var error = Assert.Throws<InvalidInputException>(() => OutputOptions.Parse([log], "--out"));

        Assert.Equal($"--out {log}: the folder {Path.Combine(_folder, "nope")} does not exist; create it or write elsewhere", error.Message);
    }

    [Fact]
    public void Parse_SameLogTwice_Fails()
    {
        var log = Path.Combine(_folder, "run.ndjson");

        var error = Assert.Throws<InvalidInputException>(() => OutputOptions.Parse([log, $"json={log}"], "--out"));

        Assert.Contains("is already written by", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NoOut_TakesTheScenarioFilesOutputs()
    {
        var plan = new TestPlan { Scenarios = [], Outputs = [Path.Combine(_folder, "r.json"), $"json={Path.Combine(_folder, "run.ndjson")}"] };

        var outputs = OutputOptions.Choose([], plan);
        var replaced = OutputOptions.Choose([Path.Combine(_folder, "other.json")], plan);

        Assert.Equal(Path.Combine(_folder, "r.json"), outputs.ResultsPath);
        Assert.Equal("options.outputs:", outputs.ResultsSource);
        Assert.Single(outputs.Streams);
        Assert.Equal(Path.Combine(_folder, "other.json"), replaced.ResultsPath);
        Assert.Empty(replaced.Streams);
    }
}

using System.Xml.Linq;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Cli.Tests;

[Collection(EndToEnd.Name)]
public sealed class ReportCommandTests(DemoTargetFixture target) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Url(string path) => new Uri(target.BaseUrl, path).ToString();

    private string File(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Report_MissingFile_ExitsTwoWithOneLine()
    {
        var (code, output, error) = await CliHarness.RunAsync("report", File("none.json"), "--format", "md");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal($"stampede: {File("none.json")}: file not found", error.Trim());
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Report_CorruptFile_ExitsTwo()
    {
        await System.IO.File.WriteAllTextAsync(File("bad.json"), "{ not json");

        var (code, _, error) = await CliHarness.RunAsync("report", File("bad.json"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith($"stampede: {File("bad.json")}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("junt", "unknown report format 'junit'", "did you mean 'junit'?")]
    [InlineData("histo", "unknown report format 'histo'", "did you mean 'hist[0,10ms,50ms,100ms]'?")]
    [InlineData("excel", "unknown report format 'excel'", "use one of text, json, csv, html, junit, md, hist[0,10ms,50ms,100ms], hlog")]
    [InlineData("hist[0,50ms,10ms]", "bucket bound '10ms' is not above the one before it (50ms)", "increasing order")]
    public async Task Report_BadFormat_ExitsTwoWithAHint(string format, string problem, string hint)
    {
        var (code, _, error) = await CliHarness.RunAsync("report", File("r.json"), "--format", format);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(problem.Replace("'junit'", "'junt'", StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.Contains(hint, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Run_WithReports_WritesEveryFormatAndReportRendersTheSameFromTheFile()
    {
        var (code, output, error) = await CliHarness.RunAsync("attack", Url("/health"), "-c", "2", "--duration", "1s", "-q",
            "--out", File("r.json"), "--threshold", "http_req_duration: p(95)<0.001",
            "--report", $"junit={File("junit.xml")}", "--report", $"md={File("summary.md")}", "--report", $"csv={File("run")}",
            "--report", $"hlog={File("latency.hlog")}", "--report", $"json={File("summary.json")}",
            "--report", $"hist[0,1ms,10ms]={File("hist.txt")}", "--report", $"text={File("summary.txt")}", "--report", $"html={File("report.html")}");

        Assert.True(code == ExitCodes.ThresholdsCrossed, $"exit {code}: {error}");
        Assert.Contains($"junit report written to {File("junit.xml")}", output, StringComparison.Ordinal);
        var failure = XDocument.Load(File("junit.xml")).Descendants("failure").Single();
        Assert.Contains("observed p(95)=", (string)failure.Attribute("message")!, StringComparison.Ordinal);
        Assert.StartsWith(LocustCsvReport.StatsHeader, await System.IO.File.ReadAllTextAsync(File("run_stats.csv")), StringComparison.Ordinal);
        Assert.True(System.IO.File.Exists(File("run_stats_history.csv")) && System.IO.File.Exists(File("run_failures.csv")));
        Assert.StartsWith("#[Histogram log format version", await System.IO.File.ReadAllTextAsync(File("latency.hlog")), StringComparison.Ordinal);
        Assert.StartsWith("Bucket", await System.IO.File.ReadAllTextAsync(File("hist.txt")), StringComparison.Ordinal);
        Assert.Contains("\"format\": \"stampede-summary/1\"", await System.IO.File.ReadAllTextAsync(File("summary.json")), StringComparison.Ordinal);

        // The offline report is the same view of the same result.
        var (again, md, _) = await CliHarness.RunAsync("report", File("r.json"), "--format", "md");
        Assert.Equal(0, again);
        Assert.Equal(await System.IO.File.ReadAllTextAsync(File("summary.md")), md);
        var (html, htmlOutput, _) = await CliHarness.RunAsync("report", File("r.json"), "--format", "html", "-o", File("again.html"));
        Assert.Equal(0, html);
        Assert.Contains($"report written to {File("again.html")}", htmlOutput, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", await System.IO.File.ReadAllTextAsync(File("again.html")), StringComparison.Ordinal);
        Assert.Equal(await System.IO.File.ReadAllTextAsync(File("report.html")), await System.IO.File.ReadAllTextAsync(File("again.html")));

        // text is the summary the run printed.
        var text = await System.IO.File.ReadAllTextAsync(File("summary.txt"));
        Assert.Contains("summary (completed", text, StringComparison.Ordinal);
        Assert.Contains(text.Trim(), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_CsvWithOutput_WritesLocustsThreeFilesForThePrefix()
    {
        var (code, _, error) = await CliHarness.RunAsync("attack", Url("/health"), "-n", "20", "-c", "2", "-q", "--out", File("r.json"));
        Assert.True(code == 0, error);

        var (reported, output, _) = await CliHarness.RunAsync("report", File("r.json"), "--format", "csv", "-o", File("out.csv"));

        Assert.Equal(0, reported);
        Assert.Contains(File("out_stats.csv"), output, StringComparison.Ordinal);
        var stats = (await System.IO.File.ReadAllTextAsync(File("out_stats.csv"))).Split("\r\n");
        Assert.StartsWith("GET,", stats[1], StringComparison.Ordinal);
        Assert.StartsWith(",Aggregated,20,0,", stats[2], StringComparison.Ordinal);
        var (_, stdout, _) = await CliHarness.RunAsync("report", File("r.json"), "--format", "csv");
        Assert.Equal(await System.IO.File.ReadAllTextAsync(File("out_stats.csv")), stdout);
    }

    [Fact]
    public async Task Attack_InterruptedWithReport_StillWritesTheReport()
    {
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var (code, _, _) = await CliHarness.RunAsync(interrupt.Token, "attack", Url("/"), "-c", "2", "--duration", "1h", "-q",
            "--report", $"junit={File("partial.xml")}", "--report", $"md={File("partial.md")}");

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.StartsWith("## Stampede: ⚠️ interrupted", await System.IO.File.ReadAllTextAsync(File("partial.md")), StringComparison.Ordinal);
        Assert.Equal("testsuites", XDocument.Load(File("partial.xml")).Root!.Name.LocalName);
    }

    [Theory]
    [InlineData("junit", "--report: 'junit' is not FORMAT=PATH; write e.g. junit=junit.xml")]
    [InlineData("xml=a.xml", "--report: unknown report format 'xml'")]
    [InlineData("md=/no/such/folder/s.md", "--report /no/such/folder/s.md: the folder /no/such/folder does not exist")]
    public async Task Run_BadReportOption_ExitsTwoBeforeRunning(string value, string expected)
    {
        var (code, output, error) = await CliHarness.RunAsync("attack", Url("/health"), "-c", "1", "--duration", "1h", "-q", "--report", value);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("summary", output, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>The interval log through the real CLI: written beside the results file, from a scenario file, and left by kill -9.</summary>
[Collection(EndToEnd.Name)]
public sealed class IntervalLogEndToEndTests(DemoTargetFixture target) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-log-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Url(string path) => new Uri(target.BaseUrl, path).ToString();

    private string File(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Attack_ResultsFileAndLog_ReportTheSameRun()
    {
        var (code, output, error) = await CliHarness.RunAsync("attack", Url("/health"), "-c", "2", "--duration", "2s",
            "--out", File("r.json"), "--out", $"json={File("r.ndjson")}", "-q");

        Assert.True(code == 0, error);
        Assert.Contains($"interval log written to {File("r.ndjson")}", output, StringComparison.Ordinal);
        var fromResults = await CliHarness.RunAsync("report", File("r.json"), "--format", "json");
        var fromLog = await CliHarness.RunAsync("report", File("r.ndjson"), "--format", "json");
        Assert.True(fromLog.ExitCode == 0, fromLog.Error);
        Assert.Equal(fromResults.Out, fromLog.Out);
        Assert.Contains("\"outcome\": \"completed\"", fromLog.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_TwoResultsFiles_ExitsTwoNamingBoth()
    {
        var (code, _, error) = await CliHarness.RunAsync("attack", Url("/health"), "-n", "1", "--out", File("a.json"), "--out", File("b.json"), "-q");

        Assert.Equal(2, code);
        Assert.Contains($"two results files, '{File("a.json")}' and '{File("b.json")}'", error, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File("a.json")));
    }

    [Fact]
    public async Task Attack_UnknownOutputKind_ExitsTwoListingTheKinds()
    {
        var (code, _, error) = await CliHarness.RunAsync("attack", Url("/health"), "-n", "1", "--out", "statsd=127.0.0.1:8125", "-q");

        Assert.Equal(2, code);
        Assert.Contains("unknown output kind 'statsd'; known kinds: json, influxdb, prometheus-rw", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ScenarioFileOutputs_WriteTheResultsFileAndTheLog()
    {
        System.IO.File.WriteAllText(File("outputs.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
              outputs: [ json={{File("s.json")}}, {{File("s.ndjson")}} ]
            scenarios:
              s: { executor: shared-iterations, vus: 2, iterations: 20, requests: [ { url: /health } ] }
            """);

        var (code, _, error) = await CliHarness.RunAsync("run", File("outputs.yaml"), "-q");

        Assert.True(code == 0, error);
        var results = Stampede.Results.ResultsFile.Read(File("s.json"));
        var log = Stampede.Results.ResultsFile.Read(File("s.ndjson"));
        Assert.Equal(20, log.Accounting.Sent);
        Assert.Equal(results.Accounting, log.Accounting);
        Assert.Equal("completed", log.Run.Outcome);
    }

    [Fact]
    public async Task Attack_Interrupted_EndsTheLogAsTheResultsFile()
    {
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var (code, _, error) = await CliHarness.RunAsync(interrupt.Token, "attack", Url("/health"), "-c", "2", "--duration", "1h",
            "--out", File("i.json"), "--out", File("i.ndjson"), "-q");

        Assert.True(code == 130, error);
        Assert.StartsWith("{\"end\":", CompleteLines(File("i.ndjson"))[^1], StringComparison.Ordinal);
        var log = Stampede.Results.ResultsFile.Read(File("i.ndjson"));
        var results = Stampede.Results.ResultsFile.Read(File("i.json"));
        Assert.Equal("interrupted", log.Run.Outcome);
        Assert.Equal(results.Accounting, log.Accounting);
        Assert.Equal(results.Series.Count, log.Series.Count);
        Assert.Equal(Stampede.Results.ResultsFile.Serialize(results), Stampede.Results.ResultsFile.Serialize(log));
    }

    // The issue's "done when": kill -9 of a run with --out json=… leaves a file that `stampede report` renders up to the last complete second.
    [Fact]
    public async Task Attack_KilledWithSigkill_LeavesALogThatReportsRenderUpToItsLastInterval()
    {
        var log = File("killed.ndjson");
        using var process = StartCli("attack", Url("/health"), "--rate", "50/s", "--duration", "5m", "--out", $"json={log}", "-q");
        int[] children;
        try
        {
            await WaitForLinesAsync(process, log, 4); // the header and three intervals
            children = Children(process.Id);
        }
        finally
        {
            // SIGKILL to the pid the user started, as `kill -9 PID` does: no handler runs, nothing is flushed on the way
            // out. The tuned child it runs the command in (RuntimeTuning) dies with it.
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync().WaitAsync(Patience);
        }

        Assert.Equal(137, process.ExitCode); // 128 + SIGKILL
        var child = Assert.Single(children);
        await WaitUntilGoneAsync(child);
        var intervals = CompleteLines(log).Skip(1).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.True(intervals.Count >= 3, $"{intervals.Count} intervals");
        Assert.DoesNotContain(intervals, i => i.TryGetProperty("end", out _));
        var requests = intervals.Sum(i => i.GetProperty("metrics").EnumerateObject()
            .Where(m => m.Name.StartsWith("http_reqs{", StringComparison.Ordinal))
            .Sum(m => m.Value.GetProperty("count").GetDouble()));
        var sent = intervals.Sum(i => i.GetProperty("requests").GetProperty("sent").GetInt64());
        var last = intervals[^1];
        var end = last.GetProperty("offset").GetDouble() + last.GetProperty("length").GetDouble();
        Assert.True(requests > 0, "no request in the log");

        var json = await CliHarness.RunAsync("report", log, "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        var summary = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("incomplete", summary.GetProperty("run").GetProperty("outcome").GetString());
        Assert.Equal(Math.Round(end, 3), summary.GetProperty("run").GetProperty("duration_s").GetDouble(), 3);
        Assert.Equal(requests, summary.GetProperty("metrics").GetProperty("http_reqs").GetProperty("count").GetDouble());
        var accounting = summary.GetProperty("accounting");
        Assert.True(accounting.GetProperty("balanced").GetBoolean());
        Assert.Equal(sent, accounting.GetProperty("sent").GetInt64());
        Assert.Equal(requests, accounting.GetProperty("succeeded").GetInt64() + accounting.GetProperty("failed").GetInt64());

        var text = await CliHarness.RunAsync("report", log);
        Assert.True(text.ExitCode == 0, text.Error);
        var clock = string.Create(CultureInfo.InvariantCulture, $"{(int)end / 60}:{(int)end % 60:00}");
        Assert.Contains($"the run did not finish; data up to {clock}", text.Out, StringComparison.Ordinal);
        Assert.Contains("summary (incomplete, ", text.Out, StringComparison.Ordinal);

        var html = await CliHarness.RunAsync("report", log, "--format", "html", "-o", File("killed.html"));
        Assert.True(html.ExitCode == 0, html.Error);
        var page = await System.IO.File.ReadAllTextAsync(File("killed.html"));
        Assert.Contains("the run did not finish; data up to", page, StringComparison.Ordinal);
    }

    private static Process StartCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Stampede.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Woken by every change of the file (and once a second in case a notification is missed), within Patience.
    private async Task WaitForLinesAsync(Process process, string path, int count)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(_folder, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        var waited = Stopwatch.StartNew();
        while (CompleteLines(path).Count < count)
        {
            Assert.False(process.HasExited, $"stampede exited early with {(process.HasExited ? process.ExitCode : 0)}");
            Assert.True(waited.Elapsed < Patience, $"{path} has {CompleteLines(path).Count} complete lines after {Patience}; expected {count}");
            await changed.WaitAsync(TimeSpan.FromSeconds(1));
        }
    }

    private static List<string> CompleteLines(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return [.. text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    // The processes a process started (Linux: /proc/PID/task/PID/children).
    private static int[] Children(int pid) =>
        [.. System.IO.File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];

    // A killed process is gone once its parent (here the test host, after the launcher died) has nothing left of it:
    // reaped, or a zombie that no longer runs.
    private static async Task WaitUntilGoneAsync(int pid)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (System.IO.File.Exists($"/proc/{pid}/stat") && !System.IO.File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal))
        {
            Assert.False(deadline.IsCancellationRequested, $"the command's child process {pid} still runs after its launcher was killed");
            await Task.Delay(20, CancellationToken.None);
        }
    }
}

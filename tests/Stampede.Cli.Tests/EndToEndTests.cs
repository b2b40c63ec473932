using System.Net;
using System.Net.Sockets;
using Stampede.DemoTarget;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Tests;

[Collection(EndToEnd.Name)]
public sealed class EndToEndTests(DemoTargetFixture target) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Url(string path) => new Uri(target.BaseUrl, path).ToString();

    private string File(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Attack_OpenModelRate_SendsTheScheduledCountAndTheFileReadsBack()
    {
        var (code, output, error) = await CliHarness.RunAsync("attack", Url("/"), "--rate", "1000/s", "--duration", "3s", "--out", File("r.json"), "-q");

        Assert.True(code == 0, error);
        var result = ResultsFile.Read(File("r.json"));
        Assert.InRange(result.Accounting.Sent, 2985, 3015);
        Assert.Equal(new RequestAccounting(result.Accounting.Sent, result.Accounting.Sent, 0, 0), result.Accounting);
        Assert.Equal(result.Accounting.Sent, result.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.True(result.Run.Scenarios.Single().OpenModel);
        Assert.Contains("open model: achieved", output, StringComparison.Ordinal);
        Assert.Equal(ResultsFile.Serialize(result), ResultsFile.Serialize(ResultsFile.Read(File("r.json"))));
    }

    [Fact]
    public async Task Run_ThresholdCrossed_ExitsThreeNamingItAndTheObservedValue()
    {
        System.IO.File.WriteAllText(File("slo.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
              thresholds:
                "http_req_duration{name:slow}": ["p(95)<5"]
                http_req_failed: ["rate<0.01"]
            scenarios:
              s:
                executor: constant-vus
                vus: 2
                duration: 1s
                requests: [{ name: slow, url: "/api/slow?ms=20" }]
            """);

        var (code, output, error) = await CliHarness.RunAsync("run", File("slo.yaml"), "--out", File("slo.json"), "-q");

        Assert.True(code == ExitCodes.ThresholdsCrossed, $"exit {code}: {error}");
        Assert.Contains("thresholds: 1 of 2 crossed", output, StringComparison.Ordinal);
        Assert.Matches(@"✗ http_req_duration\{name:slow\}: p\(95\)<5  \(p\(95\)=\d+([.,]\d+)?ms\)", output);
        Assert.Contains("✓ http_req_failed: rate<0.01  (rate=0)", output, StringComparison.Ordinal);
        var stored = ResultsFile.Read(File("slo.json")).Thresholds;
        Assert.Equal([false, true], stored.Select(t => t.Passed));
    }

    [Fact]
    public async Task Run_AbortOnFailThresholdCrossed_ExitsFourLongBeforeTheEnd()
    {
        System.IO.File.WriteAllText(File("abort.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
              thresholds:
                http_req_duration:
                  - { threshold: "p(95)<5", abortOnFail: true, delayAbortEval: 1s }
            scenarios:
              s:
                executor: constant-vus
                vus: 2
                duration: 1h
                requests: [{ url: "/api/slow?ms=20" }]
            """);

        var (code, output, error) = await CliHarness.RunAsync("run", File("abort.yaml"), "--out", File("abort.json"), "-q");

        Assert.True(code == ExitCodes.Aborted, $"exit {code}: {error}");
        Assert.Contains("summary (aborted,", output, StringComparison.Ordinal);
        Assert.Contains("threshold `http_req_duration: p(95)<5` crossed", output, StringComparison.Ordinal);
        var result = ResultsFile.Read(File("abort.json"));
        Assert.Equal("aborted", result.Run.Outcome);
        Assert.True(result.Run.Duration < TimeSpan.FromMinutes(1), $"ran {result.Run.Duration}");
    }

    [Fact]
    public async Task Run_FileOutputs_ResultsWrittenThereUnlessOutReplacesIt()
    {
        var fromFile = File("from-file.json").Replace("\\", "/", StringComparison.Ordinal);
        System.IO.File.WriteAllText(File("outputs.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
              outputs: json={{fromFile}}
            scenarios:
              s: { executor: per-vu-iterations, vus: 1, iterations: 2, requests: [{ url: /health }] }
            """);

        var (first, _, firstError) = await CliHarness.RunAsync("run", File("outputs.yaml"), "-q");
        var written = ResultsFile.Read(fromFile);
        System.IO.File.Delete(fromFile);
        var (second, _, secondError) = await CliHarness.RunAsync("run", File("outputs.yaml"), "-q", "--out", File("from-flag.json"));

        Assert.True(first == ExitCodes.Ok, firstError);
        Assert.Equal(2, written.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.True(second == ExitCodes.Ok, secondError);
        Assert.False(System.IO.File.Exists(fromFile));
        Assert.Equal(2, ResultsFile.Read(File("from-flag.json")).Total(BuiltinMetrics.HttpReqs)!.Count);
    }

    [Fact]
    public async Task Run_FileReports_WrittenAfterTheRunUnlessReportReplacesThem()
    {
        var markdown = File("file.md").Replace("\\", "/", StringComparison.Ordinal);
        var junit = File("file.xml").Replace("\\", "/", StringComparison.Ordinal);
        System.IO.File.WriteAllText(File("reports.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
              reports: [ "md={{markdown}}", "junit={{junit}}" ]
            scenarios:
              s: { executor: per-vu-iterations, vus: 1, iterations: 2, requests: [{ url: /health }] }
            """);

        var (first, firstOutput, firstError) = await CliHarness.RunAsync("run", File("reports.yaml"), "-q");
        var fromFile = await System.IO.File.ReadAllTextAsync(File("file.md"));
        System.IO.File.Delete(File("file.md"));
        System.IO.File.Delete(File("file.xml"));
        var (second, _, secondError) = await CliHarness.RunAsync("run", File("reports.yaml"), "-q", "--report", $"md={File("flag.md")}");

        Assert.True(first == ExitCodes.Ok, firstError);
        Assert.Contains($"junit report written to {File("file.xml")}", firstOutput, StringComparison.Ordinal);
        Assert.StartsWith("## Stampede: ✅ passed", fromFile, StringComparison.Ordinal);
        Assert.True(second == ExitCodes.Ok, secondError);
        Assert.True(System.IO.File.Exists(File("flag.md")));
        Assert.False(System.IO.File.Exists(File("file.md")));
        Assert.False(System.IO.File.Exists(File("file.xml")));
    }

    [Fact]
    public async Task Run_FileReportIntoMissingFolder_ExitsTwoBeforeRunning()
    {
        System.IO.File.WriteAllText(File("bad-reports.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
              reports: md=/no/such/folder/s.md
            scenarios:
              s: { executor: constant-vus, vus: 1, duration: 1h, requests: [{ url: /health }] }
            """);

        var (code, output, error) = await CliHarness.RunAsync("run", File("bad-reports.yaml"), "-q");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("options.reports: /no/such/folder/s.md: the folder /no/such/folder does not exist", error, StringComparison.Ordinal);
        Assert.DoesNotContain("summary", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ThresholdsHeld_ExitsZero()
    {
        System.IO.File.WriteAllText(File("ok.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
              thresholds:
                http_req_duration: ["p(95)<2000"]
                http_reqs: ["count>0"]
            scenarios:
              s:
                executor: per-vu-iterations
                vus: 1
                iterations: 3
                requests: [{ url: /health }]
            """);

        var (code, output, error) = await CliHarness.RunAsync("run", File("ok.yaml"), "-q");

        Assert.True(code == ExitCodes.Ok, $"exit {code}: {error}");
        Assert.Contains("thresholds: all 2 passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_ClosedModel_ReportsThroughputAndPerNameTable()
    {
        var (code, output, error) = await CliHarness.RunAsync("attack", Url("/api/items/7"), "-c", "4", "--duration", "2s", "--name", "item", "-q");

        Assert.True(code == 0, error);
        Assert.Matches(@"http_reqs\.+: [\d,.]+\s+[\d,.]+/s", output);
        Assert.Contains("item", output, StringComparison.Ordinal);
        Assert.Contains("requests: sent", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_TenMillisecondServer_MedianWithinTwoPercentOfWrk()
    {
        // The server waits 10 ms, plus the wake-ups of an idle connection on both sides. wrk, the reference
        // closed-model client, measures what that server really takes; ours must agree within 2 % of 10 ms.
        // wrk runs before and after ours so a drifting machine is averaged out.
        var url = Url("/api/slow?ms=10");

        // The target runs in this test process: its first seconds on this endpoint include JIT, for anyone.
        _ = await Wrk.MedianMicrosAsync(url, 4, TimeSpan.FromSeconds(1));
        var before = await Wrk.MedianMicrosAsync(url, 4, TimeSpan.FromSeconds(3));
        var (code, _, error) = await CliHarness.RunAsync("attack", url, "-c", "4", "--duration", "3s", "--out", File("ten.json"), "-q");
        var after = await Wrk.MedianMicrosAsync(url, 4, TimeSpan.FromSeconds(3));

        Assert.True(code == 0, error);
        var ours = ResultsFile.Read(File("ten.json")).Total(BuiltinMetrics.HttpReqDuration)!.Percentile(50);
        var reference = (before + after) / 2;

        // 2 % of 10 ms; when the machine itself drifted more than that between the two wrk runs (seen
        // under CI's parallel test projects: 10,510 then 10,880 µs), the reference is only as good as its spread.
        var tolerance = Math.Max(200, Math.Abs(before - after));
        Assert.True(Math.Abs(ours - reference) <= tolerance, $"stampede p50 {ours} µs, wrk p50 {before} / {after} µs");
        Assert.True(ours >= 10_000, $"a 10 ms server cannot answer in {ours} µs");
    }

    [Fact]
    public async Task Attack_StallingServerOpenModel_ResponseTimeShowsTheStall()
    {
        // The server freezes for 1 s of every 2 s; at a fixed rate, requests due during the freeze wait for it.
        var (code, output, error) = await CliHarness.RunAsync("attack", Url("/api/stall?period=2000&pause=1000"),
            "--rate", "100/s", "--duration", "4s", "--out", File("stall.json"), "-q");

        Assert.True(code == 0, error);
        var result = ResultsFile.Read(File("stall.json"));
        Assert.True(result.Total(BuiltinMetrics.HttpReqDuration)!.Percentile(99) > 500_000);
        Assert.True(result.Total(BuiltinMetrics.HttpReqServiceTime)!.Count > 0);
        Assert.Contains("service time p99", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_ResettingServer_EveryRequestAccountedAsConnectionReset()
    {
        var (code, output, error) = await CliHarness.RunAsync("attack", Url("/api/reset"), "-c", "5", "-n", "50", "--out", File("reset.json"), "-q");

        Assert.True(code == 0, error);
        var result = ResultsFile.Read(File("reset.json"));
        Assert.Equal(new RequestAccounting(50, 0, 50, 0), result.Accounting);
        Assert.Equal(50, result.Errors.Counts[ErrorKind.ConnectionReset]);
        Assert.Contains("connection_reset", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_RefusedConnections_EveryRequestAccountedAsRefused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, _, error) = await CliHarness.RunAsync("attack", $"http://127.0.0.1:{port}/", "-c", "3", "-n", "30", "--out", File("refused.json"), "-q");

        Assert.True(code == 0, error);
        var result = ResultsFile.Read(File("refused.json"));
        Assert.Equal(new RequestAccounting(30, 0, 30, 0), result.Accounting);
        Assert.Equal(30, result.Errors.Counts[ErrorKind.ConnectionRefused]);
    }

    [Fact]
    public async Task Attack_Interrupted_WritesPartialResultsAndExits130()
    {
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var (code, _, _) = await CliHarness.RunAsync(interrupt.Token, "attack", Url("/"), "-c", "4", "--duration", "1h", "--out", File("partial.json"), "-q");

        Assert.Equal(130, code);
        var result = ResultsFile.Read(File("partial.json"));
        Assert.Equal("interrupted", result.Run.Outcome);
        Assert.True(result.Accounting.Sent > 0);

        // Four VUs can have at most four requests in flight when the stop comes.
        Assert.InRange(result.Accounting.InFlightAtStop, 0, 4);
        Assert.DoesNotContain(result.Generator.Warnings, w => w.Contains("neither completed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_ShortRun_WritesResultsAndSummary()
    {
        var (code, output, error) = await CliHarness.RunAsync("demo", "--duration", "4s", "--out", File("demo.json"), "-q");

        Assert.True(code == 0, error);
        var result = ResultsFile.Read(File("demo.json"));
        Assert.Equal(["encrypt", "health", "item", "slow"], result.Metrics.Where(m => m.Metric == BuiltinMetrics.HttpReqs)
            .Select(m => m.Tags["name"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(0, result.Accounting.Failed);
        Assert.Contains("http_req_duration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_Mtls_ReachedWithClientCertificateAndTlsErrorWithout()
    {
        await using var server = await DemoTargetServer.StartAsync(new DemoTargetOptions
        {
            Urls = ["https://127.0.0.1:0"],
            Mtls = true,
            PkiDirectory = Path.Combine(_folder, "pki"),
        });
        var pki = server.Pki!;
        var url = new Uri(server.BaseUrl, "/health").ToString();

        var (ok, _, okError) = await CliHarness.RunAsync("attack", url, "-c", "2", "-n", "20", "--cacert", pki.CaCertificate,
            "--cert", pki.ClientCertificate, "--key", pki.ClientKey, "--out", File("mtls.json"), "-q");
        var (without, output, withoutError) = await CliHarness.RunAsync("attack", url, "-c", "2", "-n", "20", "--cacert", pki.CaCertificate,
            "--out", File("nocert.json"), "-q");

        Assert.True(ok == 0, okError);
        Assert.Equal(new RequestAccounting(20, 20, 0, 0), ResultsFile.Read(File("mtls.json")).Accounting);
        Assert.True(without == 0, withoutError);
        var failed = ResultsFile.Read(File("nocert.json"));
        Assert.Equal(new RequestAccounting(20, 0, 20, 0), failed.Accounting);
        Assert.Equal(20, failed.Errors.Counts[ErrorKind.Tls]);
        Assert.Contains("client certificate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_MissingClientKey_InvalidInputBeforeAnyRequest()
    {
        var (code, _, error) = await CliHarness.RunAsync("attack", Url("/health"), "--cert", File("absent.crt"), "-n", "1");

        Assert.Equal(2, code);
        Assert.Contains("absent.crt", error, StringComparison.Ordinal);
    }
}

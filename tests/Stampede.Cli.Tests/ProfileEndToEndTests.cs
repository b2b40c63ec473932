using System.Globalization;
using System.Text.RegularExpressions;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Tests;

[Collection(EndToEnd.Name)]
public sealed partial class ProfileEndToEndTests(DemoTargetFixture target) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-profiles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Run_BreakpointIntoARateLimit_AbortedByTheThresholdWithTheRateReached()
    {
        // /api/limited lets 100 requests/s through (a bucket of 20 absorbs bursts) and answers 429 beyond.
        // The ramp goes 0 → 400/s over 10 s, so it crosses 100/s at 2.5 s; failures cannot start below that.
        System.IO.File.WriteAllText(File("limited.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
            scenarios:
              limited:
                executor: constant-vus
                duration: 1s
                requests: [{ url: /api/limited }]
            """);

        var (code, output, error) = await CliHarness.RunAsync("run", File("limited.yaml"), "--profile", "breakpoint", "--peak", "400/s",
            "--duration", "10s", "--threshold", "http_req_failed: rate<0.05 over 1s", "--out", File("limited.json"), "-q");

        Assert.True(code == ExitCodes.Aborted, $"exit {code}: {error}\n{output}");
        var line = BreakpointLine().Match(output);
        Assert.True(line.Success, output);
        var targetRate = double.Parse(line.Groups["target"].Value, CultureInfo.CurrentCulture);
        var achieved = double.Parse(line.Groups["achieved"].Value, CultureInfo.CurrentCulture);
        Assert.InRange(targetRate, 100, 399);

        var result = ResultsFile.Read(File("limited.json"));
        Assert.Equal("aborted", result.Run.Outcome);
        Assert.Equal("ramping-arrival-rate", result.Run.Scenarios.Single().Executor);
        var stopped = Assert.Single(result.Thresholds);
        Assert.False(stopped.Passed);
        Assert.True(stopped.Observed >= 0.05, $"observed {stopped.Observed}");

        // Target and achieved are over the last full interval before the abort; the schedule's rate is 40/s per
        // second of the run, so the target is 40 × the interval's middle.
        var abortedAt = stopped.AbortedAt!.Value;
        var last = result.Series.Last(s => s.Offset + s.Length <= abortedAt + TimeSpan.FromMilliseconds(1) && s.Length >= TimeSpan.FromMilliseconds(500));
        var middle = (last.Offset + (last.Length / 2)).TotalSeconds;
        Assert.InRange(targetRate, (40 * middle) - 1, (40 * middle) + 1);
        var completed = last.Total(BuiltinMetrics.Iterations)!.Sum / last.Length.TotalSeconds;
        Assert.InRange(achieved, completed - 0.6, completed + 0.6);
        Assert.True(result.Total(BuiltinMetrics.HttpReqs)!.Count > 100);
    }

    [Fact]
    public async Task Run_Smoke_OneIterationOfEachScenarioWithOneVu()
    {
        System.IO.File.WriteAllText(File("smoke.yaml"), $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
            scenarios:
              health:
                executor: constant-vus
                vus: 20
                duration: 1h
                requests: [{ url: /health }]
              items:
                executor: constant-arrival-rate
                rate: 500
                duration: 1h
                preAllocatedVUs: 10
                requests: [{ url: /api/items/1 }, { url: /api/items/2 }]
            """);

        var (code, output, error) = await CliHarness.RunAsync("run", File("smoke.yaml"), "--profile", "smoke", "--out", File("smoke.json"), "-q");

        Assert.True(code == ExitCodes.Ok, $"exit {code}: {error}\n{output}");
        var result = ResultsFile.Read(File("smoke.json"));
        Assert.All(result.Run.Scenarios, s => Assert.Equal("per-vu-iterations", s.Executor));
        Assert.Equal(2, result.Total(BuiltinMetrics.Iterations)!.Sum);
        Assert.Equal(3, result.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.Equal(0, result.Accounting.Failed);
        Assert.DoesNotContain("breakpoint:", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"breakpoint: stopped by `http_req_failed: rate<0\.05 over 1s` at (?<target>[\d.,]+) iterations/s \(target\), (?<achieved>[\d.,]+)/s achieved, after [\d.]+s")]
    private static partial Regex BreakpointLine();
}

using Stampede.Analysis;
using Stampede.Results;
using Xunit.Abstractions;

namespace Stampede.Cli.Tests;

/// <summary>
/// Issue 4's done-when line: a run against a target with a deliberate knee produces a knee finding naming roughly
/// the right level. The demo target's <c>/api/queue</c> serves 8 requests at a time for 20 ms each: at most
/// 8 × 1000 / 20 = 400 requests/s, and past 8 concurrent VUs each request waits in line.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class KneeEndToEndTests(DemoTargetFixture target, ITestOutputHelper output) : IDisposable
{
    private const int Workers = 8;
    private const int ServiceMs = 20;
    private const double Capacity = Workers * 1000.0 / ServiceMs;

    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-knee-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Run_VusRampedPastTheQueuesWorkers_KneeFindingAtAboutEightVusAndFourHundredRequestsPerSecond()
    {
        var scenario = Path.Combine(_folder, "knee.yaml");
        var results = Path.Combine(_folder, "knee.json");
        await File.WriteAllTextAsync(scenario, $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
            scenarios:
              ramp:
                executor: ramping-vus
                startVUs: 1
                stages: [ { duration: 24s, target: 32 }, { duration: 4s, target: 32 } ]
                gracefulRampDown: 1s
                requests: [{ name: queue, url: "/api/queue?ms={{ServiceMs}}&workers={{Workers}}" }]
            """);

        var (code, text, error) = await CliHarness.RunAsync("run", scenario, "--out", results, "-q");

        Assert.True(code == 0, $"exit {code}: {error}");
        var findings = RunAnalysis.Findings(ResultsFile.Read(results));
        foreach (var finding in findings)
        {
            output.WriteLine($"{finding.Title}\n  {finding.Detail}");
        }

        var knee = Assert.Single(findings, f => f.Kind == FindingKind.Knee);
        Assert.InRange(knee.Values["level"], 6, 14);
        Assert.InRange(knee.Values["throughput_per_s"], Capacity * 0.75, Capacity * 1.25);
        Assert.Contains("findings (", text, StringComparison.Ordinal);
        Assert.Contains(knee.Title, text, StringComparison.Ordinal);
    }
}

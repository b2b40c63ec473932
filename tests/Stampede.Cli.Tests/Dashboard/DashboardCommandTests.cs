using System.Text.RegularExpressions;
using Stampede.Results;

namespace Stampede.Cli.Tests.Dashboard;

/// <summary><c>--dashboard</c> on <c>attack</c> and <c>run</c>, and the <c>dashboard</c> command, end to end in-process.</summary>
[Collection(EndToEnd.Name)]
public sealed partial class DashboardCommandTests(DemoTargetFixture target) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Attack_WithDashboard_ServesTheRunLiveAndItsStopEndsIt()
    {
        var results = Path.Combine(_folder, "results.json");
        var (exit, output) = CliHarness.Start(CancellationToken.None,
            "attack", new Uri(target.BaseUrl, "api/slow?ms=10").ToString(), "-c", "2", "--duration", "2m", "--out", results, "--quiet", "--dashboard=127.0.0.1:0");
        var url = await UrlAsync(output, exit);
        using var client = new DashboardClient(url);

        var live = await client.WaitAsync(l => l.GetProperty("state").GetString() == "running" && l.TryGetProperty("kpis", out var k) && k.GetProperty("requests").GetInt64() > 0,
            Wait, "requests in the watched run");
        Assert.Equal("watch", live.GetProperty("mode").GetString());
        Assert.False(live.GetProperty("controls").GetProperty("canStart").GetBoolean());
        Assert.True(live.GetProperty("controls").GetProperty("canStop").GetBoolean());
        Assert.Equal(409, (await client.PostAsync("/api/start", new { model = "users", users = 1 })).Status);

        // The dashboard serves the run's Prometheus exposition too.
        var metrics = await client.Http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE stampede_http_reqs_total counter", metrics, StringComparison.Ordinal);
        Assert.Matches(@"stampede_http_reqs_total\{[^}]*name=""/api/slow""[^}]*\} [1-9]", metrics);

        Assert.Equal(204, (await client.PostAsync("/api/stop", null)).Status);
        var code = await exit.WaitAsync(Wait);

        Assert.Equal(ExitCodes.Interrupted, code);
        var result = ResultsFile.Read(results);
        Assert.Equal("stopped", result.Run.Outcome);
        Assert.True(result.Run.Duration < TimeSpan.FromMinutes(1), $"the stop ended the 2-minute run: it lasted {result.Run.Duration}");
        Assert.True(result.Accounting.Balanced);
    }

    [Fact]
    public async Task Dashboard_WithUrl_StartsTestsFromThePageUntilInterrupted()
    {
        using var interrupt = new CancellationTokenSource();
        var (exit, output) = CliHarness.Start(interrupt.Token,
            "dashboard", new Uri(target.BaseUrl, "api/slow?ms=10").ToString(), "--listen", "127.0.0.1:0", "--threshold", "http_req_failed: rate<0.5");
        var url = await UrlAsync(output, exit);
        using var client = new DashboardClient(url);

        var idle = await client.LiveAsync();
        Assert.Equal("control", idle.GetProperty("mode").GetString());
        Assert.Equal("url", idle.GetProperty("scenarios")[0].GetProperty("name").GetString());
        Assert.Equal(204, (await client.PostAsync("/api/start", new { model = "users", users = 2, duration = "2m" })).Status);
        var running = await client.WaitAsync(l => l.TryGetProperty("thresholds", out var t) && t.GetArrayLength() == 1 && l.GetProperty("kpis").GetProperty("requests").GetInt64() > 0,
            Wait, "requests and the threshold's status");
        Assert.True(running.GetProperty("thresholds")[0].GetProperty("passed").GetBoolean());

        // Ctrl+C stops the running test and the server; the command ends normally.
        await interrupt.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await exit.WaitAsync(Wait));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.LiveAsync());
    }

    [Fact]
    public async Task Run_DashboardValueThatIsNotAnAddress_ExitsTwoWithTheRule()
    {
        var (code, output, error) = await CliHarness.RunAsync("attack", target.BaseUrl.ToString(), "--dashboard=example.com:80");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--dashboard 'example.com:80': 'example.com' is not an IP address", output + error, StringComparison.Ordinal);
    }

    private static async Task<Uri> UrlAsync(Func<string> output, Task<int> exit)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (!deadline.IsCancellationRequested)
        {
            if (DashboardLine().Match(output()) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }

            Assert.False(exit.IsCompleted, $"the command ended before serving the dashboard: {output()}");
            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"no dashboard address was printed: {output()}");
        return null!;
    }

    [GeneratedRegex(@"dashboard on (http://\S+)")]
    private static partial Regex DashboardLine();
}

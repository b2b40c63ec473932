using Microsoft.Playwright;
using Stampede.Cli.Dashboard;
using Stampede.Engine;
using Stampede.Http;
using Stampede.Results;

namespace Stampede.Cli.Tests.Dashboard;

/// <summary>
/// The control page in the system Chromium, as a user drives it: start a test against the demo target, watch the
/// charts and the table move, raise the users, stop, and download the HTML report — with no console errors, page
/// errors, failed requests or CSP violations. <c>STAMPEDE_SCREENSHOT=path.png</c> keeps a screenshot of the page.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class DashboardBrowserTests(DemoTargetFixture target) : IDisposable
{
    private const float Timeout = 30_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-dashboard-browser-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ControlPage_StartRaiseStopDownload_ChartsAndTableMoveWithoutErrors()
    {
        using var session = DashboardSession.Control(Template(), () => [], "stampede dashboard (browser test)");
        await using var server = await DashboardServer.StartAsync(DashboardAddress.Parse("127.0.0.1:0", "--listen"), session);

        await using var browser = await Browser.OpenAsync(_folder, 1400, 1000);
        var page = browser.Page;

        await page.GotoAsync(server.Url.AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        await page.Locator("#state").Filter(new() { HasText = "idle" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await page.Locator("#start-form").IsVisibleAsync());
        Assert.False(await page.Locator("#stop").IsVisibleAsync());

        // Start 2 users, all at once.
        await page.Locator("#users").FillAsync("2");
        await page.Locator("#spawn-rate").FillAsync("");
        await page.Locator("#duration").FillAsync("3m");
        await page.Locator("#start").ClickAsync();
        await page.Locator("#state").Filter(new() { HasText = "running" }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#requests-body tr td:first-child").Filter(new() { HasText = "slow" }).WaitForAsync(new() { Timeout = Timeout });
        await page.WaitForFunctionAsync(AllChartsDrawn, null, new() { Timeout = Timeout });

        // The charts and the table move: more points and more requests a few seconds later.
        var points = await page.EvaluateAsync<int>(PointsInTheLatencyChart);
        var requests = await RequestsInTableAsync(page);
        await page.WaitForFunctionAsync($"() => ({PointsInTheLatencyChart})() >= {points + 2}", null, new() { Timeout = Timeout });
        await page.WaitForFunctionAsync(
            $"() => Number(document.querySelector('#requests-body tr td:nth-child(3)').textContent.replace(/,/g, '')) > {requests}", null, new() { Timeout = Timeout });

        // Raise the users from 2 to 6: the users KPI follows and the change is marked on the charts.
        await page.Locator("#change-form").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#change-users").FillAsync("6");
        await page.Locator("#apply").ClickAsync();
        await page.Locator("#message").Filter(new() { HasText = "Changed." }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#kpi-vus").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^6$") }).WaitForAsync(new() { Timeout = Timeout });
        await page.WaitForFunctionAsync(
            "() => document.querySelector('#chart-load').dataset.markers === '1' && document.querySelector('#chart-latency').dataset.markers === '1'",
            null, new() { Timeout = Timeout });
        if (Environment.GetEnvironmentVariable("STAMPEDE_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        }

        // Stop: the page shows the outcome, then the HTML report downloads.
        await page.Locator("#stop").ClickAsync();
        await page.Locator("#state").Filter(new() { HasText = "stopped" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await page.Locator("#reset").IsVisibleAsync());
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-html").ClickAsync(), new() { Timeout = Timeout });
        var saved = Path.Combine(_folder, "report.html");
        await download.SaveAsAsync(saved);
        var html = await File.ReadAllTextAsync(saved);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("stopped", html, StringComparison.Ordinal);
        Assert.EndsWith(".html", download.SuggestedFilename, StringComparison.Ordinal);

        var result = session.Result()!;
        Assert.Equal("stopped", result.Run.Outcome);
        Assert.Contains(result.Changes, c => c.Setting == "vus" && c.From == 2 && c.To == 6);

        Assert.Empty(await browser.ViolationsAsync());
        Assert.Empty(browser.Problems);
    }

    private const string AllChartsDrawn =
        "() => [...document.querySelectorAll('figure.chart')].every(f => f.getAttribute('data-drawn') === 'true')";

    private const string PointsInTheLatencyChart = "() => Number(document.querySelector('#chart-latency').dataset.points)";

    private static async Task<long> RequestsInTableAsync(IPage page) =>
        long.Parse((await page.Locator("#requests-body tr td:nth-child(3)").First.TextContentAsync())!.Replace(",", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture);

    private TestPlan Template() =>
        new TestPlanBuilder()
            .Scenario("browse", new ConstantVusConfig(1, TimeSpan.FromSeconds(1)), new HttpFlow(
            [
                new HttpRequestDefinition { Name = "slow", Method = HttpMethod.Get, Url = new Uri(target.BaseUrl, "api/slow?ms=20") },
            ]))
            .Build();
}

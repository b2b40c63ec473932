using Microsoft.Playwright;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Cli.Tests;

/// <summary>
/// The HTML report of a real 2-minute staged run, opened from disk in the system Chromium: it loads without
/// console errors, page errors or CSP violations, every chart draws, and the tables hold the run's rows.
/// Set <c>STAMPEDE_SCREENSHOT=path.png</c> to keep the full-page screenshot (docs/images/html-report.png comes from here).
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class HtmlReportBrowserTests(DemoTargetFixture target) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-html-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task HtmlReport_StagedRunOpenedFromDisk_DrawsEveryChartWithoutErrors()
    {
        var scenario = Path.Combine(_folder, "staged.yaml");
        await File.WriteAllTextAsync(scenario, StagedRun(target.BaseUrl.GetLeftPart(UriPartial.Authority)));
        var report = Path.Combine(_folder, "report.html");
        var results = Path.Combine(_folder, "results.json");

        var (code, output, error) = await CliHarness.RunAsync("run", scenario, "--out", results, "--report", $"html={report}", "--quiet");

        // The flaky endpoint fails 10% of its requests: the http_req_failed threshold is crossed on purpose (exit 3).
        Assert.True(code == 3, $"run exited {code}: {output}{error}");
        var result = ResultsFile.Read(results);
        Assert.InRange(result.Series.Count, 115, 130);

        await using var browser = await Browser.OpenAsync(_folder, 1400, 900);
        var page = browser.Page;
        var problems = browser.Problems;

        await page.GotoAsync(new Uri(report).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('figure.chart')].every(f => f.getAttribute('data-drawn') === 'true')", null, new() { Timeout = 15_000 });

        Assert.Empty(await browser.ViolationsAsync());
        Assert.Empty(problems);
        Assert.Equal(5, await page.Locator("figure.chart[data-drawn=true]").CountAsync());
        var colouredPixels = await page.EvaluateAsync<int[]>(CountColouredPixels);
        Assert.Equal(5, colouredPixels.Length);
        Assert.All(colouredPixels, count => Assert.True(count > 200, $"coloured pixels per chart: {string.Join(", ", colouredPixels)}"));

        Assert.Equal(RequestRow.From(result).Count, await page.Locator("#requests tbody tr").CountAsync());
        Assert.Equal(5, RequestRow.From(result).Count);
        Assert.Equal(3, await page.Locator("#thresholds tbody tr").CountAsync());
        Assert.Equal(2, await page.Locator("#thresholds td.ok").CountAsync());
        Assert.Equal(result.Checks.Count, await page.Locator("#checks tbody tr").CountAsync());
        Assert.Equal(result.Errors.Counts.Count, await page.Locator("#errors table").First.Locator("tbody tr").CountAsync());
        Assert.Equal(result.Errors.Messages.Count, await page.Locator("#error-messages tbody tr").CountAsync());
        Assert.Equal(["200", "500"], await page.Locator("#status-codes tbody tr td:first-child").AllTextContentsAsync());
        Assert.Equal(2, await page.Locator("#scenarios tbody tr").CountAsync());
        Assert.Equal("thresholds crossed", await page.Locator("#verdict").TextContentAsync());
        Assert.Contains("Target vs achieved rate", await page.Locator("#chart-load figcaption").TextContentAsync(), StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("STAMPEDE_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        }

        // Charts follow the window: narrower, every chart fits its (now single-column) cell.
        await page.SetViewportSizeAsync(760, 900);
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('figure.chart')].every(f => f.querySelector('.uplot').offsetWidth <= f.clientWidth && f.querySelector('.uplot').offsetWidth > 500)",
            null, new() { Timeout = 5_000 });
        Assert.Empty(problems);
    }

    // Per chart canvas: pixels of a saturated colour (series lines); grid, axes and text are grey.
    private const string CountColouredPixels = """
        () => [...document.querySelectorAll('figure.chart canvas')].map(canvas => {
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let coloured = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
            if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) { coloured++; }
          }
          return coloured;
        })
        """;

    // Two minutes: VUs ramp 0 → 8 → 0 over four named requests (one fails 10%, one waits 40 ms) with think
    // time, beside an arrival rate ramping 5 → 40/s; about 250 requests/s in all at the peak.
    private static string StagedRun(string baseUrl) => $$"""
        options:
          baseUrl: {{baseUrl}}
          timeout: 5s
          thresholds:
            http_req_duration: ["p(95)<500"]
            http_req_failed: ["rate<0.01"]
            "http_req_duration{name:slow}": ["p(99)<300"]
        scenarios:
          browse:
            executor: ramping-vus
            startVUs: 0
            stages:
              - { duration: 30s, target: 8 }
              - { duration: 60s, target: 8 }
              - { duration: 30s, target: 0 }
            gracefulRampDown: 2s
            flow:
              - request: { name: home, url: /health, check: [ { status: 200 } ] }
              - request: { name: slow, url: "/api/slow?ms=40" }
              - request: { name: flaky, url: "/api/flaky?p=0.1", check: [ { status: 200 } ] }
              - request: { name: item, url: /api/items/7 }
              - think: { uniform: [50ms, 150ms] }
          api:
            executor: ramping-arrival-rate
            startRate: 5
            timeUnit: 1s
            preAllocatedVUs: 5
            maxVUs: 20
            stages:
              - { duration: 40s, target: 40 }
              - { duration: 50s, target: 40 }
              - { duration: 30s, target: 10 }
            requests:
              - { name: slow-api, url: "/api/slow?ms=20" }
        """;
}

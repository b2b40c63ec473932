using Microsoft.Playwright;

namespace Stampede.Cli.Tests;

/// <summary>
/// The system Chromium (never a downloaded one) driven by Playwright, headless, with one page that records every
/// console error or warning, page error, failed request and Content-Security-Policy violation.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string Chromium = "/usr/bin/chromium";

    // Without the background-networking flags Chromium keeps reaching for Google's hosts, which this network refuses.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;

    private Browser(IPlaywright playwright, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _context = context;
        Page = page;
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>What went wrong on the page so far: console errors and warnings, page errors, failed requests.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Starts Chromium with a new profile under <paramref name="folder"/>.</summary>
    public static async Task<Browser> OpenAsync(string folder, int width, int height)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: this test drives the system Chromium. Install it with 'apt-get install chromium' (.ci/run does).");
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(folder, "profile"), new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArgs,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var browser = new Browser(playwright, context, page);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                browser.Problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, message) => browser.Problems.Add($"page error: {message}");
        page.RequestFailed += (_, request) => browser.Problems.Add($"request failed: {request.Url} {request.Failure}");
        await page.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' blocked ' + e.blockedURI));
            """);
        return browser;
    }

    /// <summary>The CSP violations the page reported.</summary>
    public Task<string[]> ViolationsAsync() => Page.EvaluateAsync<string[]>("() => window.__violations");

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _playwright.Dispose();
    }
}

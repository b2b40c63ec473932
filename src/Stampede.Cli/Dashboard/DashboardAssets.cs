using System.Text;
using Stampede.Reports.Html;

namespace Stampede.Cli.Dashboard;

/// <summary>
/// The page and its assets: the dashboard's own page, script and style (embedded in this assembly), and the HTML
/// report's uPlot, chart script and style (embedded in Stampede.dll), so the live charts are the report's charts.
/// Nothing is fetched from elsewhere.
/// </summary>
internal static class DashboardAssets
{
    /// <summary>Only this server's own scripts, styles and data; no inline script, no framing, no forms elsewhere.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Script = "text/javascript; charset=utf-8";
    private const string Style = "text/css; charset=utf-8";

    /// <summary>The page.</summary>
    public static readonly DashboardAsset Page = new("text/html; charset=utf-8", Resource("dashboard.html"));

    private static readonly Dictionary<string, DashboardAsset> Assets = new(StringComparer.Ordinal)
    {
        ["uPlot.js"] = new(Script, Encoding.UTF8.GetBytes(HtmlAssets.UPlotScript)),
        ["uPlot.css"] = new(Style, Encoding.UTF8.GetBytes(HtmlAssets.UPlotStyle)),
        ["charts.js"] = new(Script, Encoding.UTF8.GetBytes(HtmlAssets.ChartsScript)),
        ["report.css"] = new(Style, Encoding.UTF8.GetBytes(HtmlAssets.ReportStyle)),
        ["dashboard.js"] = new(Script, Resource("dashboard.js")),
        ["dashboard.css"] = new(Style, Resource("dashboard.css")),
    };

    /// <summary>The asset of that name, or null.</summary>
    public static DashboardAsset? Find(string name) => Assets.GetValueOrDefault(name);

    private static byte[] Resource(string name)
    {
        var fullName = "Stampede.Cli.Dashboard." + name;
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(fullName)
            ?? throw new InvalidOperationException($"embedded resource '{fullName}' is missing: the build embeds src/Stampede.Cli/Dashboard/{name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

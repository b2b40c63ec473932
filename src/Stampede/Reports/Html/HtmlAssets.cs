using System.Security.Cryptography;
using System.Text;

namespace Stampede.Reports.Html;

/// <summary>
/// The constant blocks of the HTML report — uPlot (embedded at build time from the npm package pinned in
/// package-lock.json), the report's script and style — and the CSP source of each, hashed once.
/// </summary>
internal static class HtmlAssets
{
    /// <summary>The uPlot version bundled (package-lock.json pins it).</summary>
    public const string UPlotVersion = "1.6.32";

    /// <summary>uPlot's own stylesheet.</summary>
    public static readonly string UPlotStyle = Resource("uPlot.min.css").TrimEnd();

    /// <summary>The report's stylesheet (the dashboard reuses it).</summary>
    public static readonly string ReportStyle = Resource("report.css");

    /// <summary>The one inline style block: uPlot's stylesheet, then the report's.</summary>
    public static readonly string Style = UPlotStyle + "\n" + ReportStyle;

    /// <summary>uPlot itself (its IIFE build defines the global <c>uPlot</c>).</summary>
    public static readonly string UPlotScript = Resource("uPlot.iife.min.js").TrimEnd();

    /// <summary>The chart script shared with the live dashboard: builds the uPlot charts from the chart data.</summary>
    public static readonly string ChartsScript = Resource("charts.js");

    /// <summary>The report's own script, which draws the charts from the inline data.</summary>
    public static readonly string ReportScript = Resource("report.js");

    /// <summary>uPlot's MIT licence notice, kept in every report as an HTML comment.</summary>
    public static readonly string UPlotLicense = Resource("uPlot.LICENSE").Trim().Replace("--", "- -", StringComparison.Ordinal);

    /// <summary>
    /// The Content-Security-Policy: nothing may load or run but the exact inline blocks above (by their SHA-256),
    /// a <c>data:</c> favicon, and no base URL or form target may be set.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src {Hash(UPlotScript)} {Hash(ChartsScript)} {Hash(ReportScript)}; style-src {Hash(Style)}; " +
        "img-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>A CSP hash source (<c>'sha256-…'</c>) for an inline block's exact text, as browsers compute it (UTF-8).</summary>
    public static string Hash(string block) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(block)))}'";

    private static string Resource(string name)
    {
        var fullName = "Stampede.Reports.Html." + name;
        using var stream = typeof(HtmlAssets).Assembly.GetManifestResourceStream(fullName)
            ?? throw new InvalidOperationException($"embedded resource '{fullName}' is missing: the build bundles it from src/Stampede/Reports/Html");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();

        // A block may not contain its own end tag: the HTML parser would end the block there.
        if (text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("</style", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"embedded resource '{fullName}' contains a closing tag and cannot be inlined");
        }

        return text;
    }
}

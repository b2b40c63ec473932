using System.Globalization;
using System.Text;
using Stampede.Engine;
using Stampede.Engine.Profiles;

namespace Stampede.Tests.Engine.Profiles;

/// <summary>
/// Draws a profile's executor as a small SVG line chart (time on x, VUs or iterations/s on y) for
/// docs/profiles. The line is the executor's own <see cref="LoadCurve"/>, so a picture cannot drift from the code.
/// </summary>
internal static class ProfileSvg
{
    private const int Width = 640;
    private const int Height = 300;
    private const int Left = 64;
    private const int Right = 24;
    private const int Top = 44;
    private const int Bottom = 52;
    private const int XTicks = 5;
    private const int YTicks = 4;

    public static string Render(LoadProfile profile, ExecutorConfig executor)
    {
        var name = LoadProfiles.NameOf(profile);
        if (LoadCurve.Of(executor) is not { } curve)
        {
            // An iteration-count executor (smoke) has no time axis: its VUs are drawn over its iterations
            // (one "second" of the x axis per iteration).
            var smoke = (PerVuIterationsConfig)executor;
            return Chart($"{name}: {executor.Name}, {smoke.Vus} VU × {smoke.Iterations} iteration of each scenario", "VUs", smoke.Vus,
                [new LoadPoint(TimeSpan.Zero, smoke.Vus), new LoadPoint(TimeSpan.FromSeconds(smoke.Iterations), smoke.Vus)],
                "iterations", (int)smoke.Iterations, t => Number(t.TotalSeconds), yTicks: smoke.Vus);
        }

        var unit = curve.OpenModel ? "iterations/s" : "VUs";
        return Chart($"{name}: {executor.Name}, peak {Number(curve.Peak)} {unit}, {Durations.Format(curve.Duration)}",
            unit, curve.Peak, curve.Points, "time", XTicks, Durations.Format, YTicks);
    }

    private static string Chart(string title, string unit, double peak, IReadOnlyList<LoadPoint> points, string xLabel, int xTicks,
        Func<TimeSpan, string> xText, int yTicks)
    {
        var end = points[^1].Time;
        var top = peak * 1.1;
        double X(TimeSpan t) => Left + ((Width - Left - Right) * (t / end));
        double Y(double v) => Height - Bottom - ((Height - Top - Bottom) * (v / top));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="#ffffff"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="24" font-size="14" font-weight="bold">{Escape(title)}</text>""").Append('\n');

        for (var i = 0; i <= yTicks; i++)
        {
            var value = peak * i / yTicks;
            var y = Number(Y(value));
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y}" x2="{Width - Right}" y2="{y}" stroke="#e5e5e5"/>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 8}" y="{y}" dy="4" text-anchor="end">{Number(value)}</text>""").Append('\n');
        }

        for (var i = 0; i <= xTicks; i++)
        {
            var time = end * i / xTicks;
            var x = Number(X(time));
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x}" y1="{Height - Bottom}" x2="{x}" y2="{Height - Bottom + 5}" stroke="#333333"/>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x}" y="{Height - Bottom + 18}" text-anchor="middle">{Escape(xText(time))}</text>""").Append('\n');
        }

        // From 0 before the start to 0 after the end, so a shape that starts or ends at load shows the step.
        var line = new List<LoadPoint>(points);
        if (line[0].Value != 0)
        {
            line.Insert(0, new LoadPoint(TimeSpan.Zero, 0));
        }

        if (line[^1].Value != 0)
        {
            line.Add(new LoadPoint(end, 0));
        }

        var coordinates = string.Join(" ", line.Select(p => $"{Number(X(p.Time))},{Number(Y(p.Value))}"));
        svg.Append(CultureInfo.InvariantCulture, $"""<polygon points="{coordinates}" fill="#4e79a7" fill-opacity="0.15"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<polyline points="{coordinates}" fill="none" stroke="#4e79a7" stroke-width="2.5" stroke-linejoin="round"/>""").Append('\n');

        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Top - 6}" x2="{Left}" y2="{Height - Bottom}" stroke="#333333"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Height - Bottom}" x2="{Width - Right}" y2="{Height - Bottom}" stroke="#333333"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left + ((Width - Left - Right) / 2)}" y="{Height - 12}" text-anchor="middle">{Escape(xLabel)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text transform="translate(16 {Top + ((Height - Top - Bottom) / 2)}) rotate(-90)" text-anchor="middle">{Escape(unit)}</text>""").Append('\n');
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}

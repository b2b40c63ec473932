using System.Globalization;
using System.Text;

namespace Stampede.Reports.Html;

/// <summary>Escaping and the culture-invariant number formats of the HTML report.</summary>
internal static class HtmlText
{
    /// <summary>Text safe in element content and in quoted attribute values.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>A duration in µs as ms with a unit (<c>1,234.57 ms</c>); <c>-</c> when not measured.</summary>
    public static string Ms(double micros) =>
        double.IsFinite(micros) ? (micros / 1000).ToString("#,0.##", CultureInfo.InvariantCulture) + " ms" : "-";

    /// <summary>A whole number with thousands separators.</summary>
    public static string Count(double count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A number with at most <paramref name="decimals"/> decimals and thousands separators.</summary>
    public static string Number(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("#,0." + new string('#', decimals), CultureInfo.InvariantCulture) : "-";

    /// <summary>A share 0–1 as a percentage with two decimals.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    /// <summary>A duration in words (<c>2m 5.0s</c>, <c>950 ms</c>).</summary>
    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds < 1 ? Number(duration.TotalMilliseconds, 0) + " ms"
        : duration.TotalMinutes < 1 ? Number(duration.TotalSeconds, 1) + " s"
        : $"{(int)duration.TotalMinutes}m {Number(duration.TotalSeconds % 60, 1)}s";
}

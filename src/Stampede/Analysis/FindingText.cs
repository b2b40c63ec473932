using System.Globalization;

namespace Stampede.Analysis;

/// <summary>
/// How findings write numbers: the invariant culture, so a finding reads the same in the terminal, the Markdown,
/// JSON and HTML reports, on any machine, and a results file always gives the same findings.
/// </summary>
internal static class FindingText
{
    /// <summary>A duration in µs for people: <c>420 µs</c>, <c>4.2 ms</c>, <c>31 ms</c>, <c>1.25 s</c>.</summary>
    public static string Micros(double micros) => micros switch
    {
        < 1000 => Number(micros, "0") + " µs",
        < 10_000 => Number(micros / 1000, "0.##") + " ms",
        < 1_000_000 => Number(micros / 1000, "0.#") + " ms",
        _ => Number(micros / 1_000_000, "0.##") + " s",
    };

    /// <summary>A per-second rate to three significant digits: <c>398 req/s</c>, <c>12.5 req/s</c>.</summary>
    public static string Rate(double perSecond, string unit = "req/s") => Significant(perSecond) + " " + unit;

    /// <summary>A load level: <c>~9 VUs</c> in the closed model, <c>~420 iterations/s</c> in the open model.</summary>
    public static string Level(double level, bool open) => open
        ? "~" + Significant(level) + " iterations/s"
        : "~" + Number(Math.Round(level), "0") + (Math.Round(level) == 1 ? " VU" : " VUs");

    /// <summary>A whole count with group separators: <c>1,204</c>.</summary>
    public static string Count(double count) => Number(count, "#,0");

    /// <summary>A share 0–1 as a percentage: <c>12.5%</c>, <c>0.04%</c>.</summary>
    public static string Percent(double share) => Number(share * 100, share is > 0 and < 0.01 ? "0.0#" : "0.#") + "%";

    /// <summary>A ratio: <c>4.1×</c>, <c>17×</c>.</summary>
    public static string Times(double ratio) => Number(ratio, ratio < 10 ? "0.#" : "#,0") + "×";

    /// <summary>Time from the run start: <c>1:05</c>, <c>1:02:03</c>.</summary>
    public static string Clock(TimeSpan time)
    {
        var rounded = TimeSpan.FromSeconds(Math.Round(time.TotalSeconds, MidpointRounding.AwayFromZero));
        return rounded.TotalHours >= 1
            ? rounded.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : rounded.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A length of time: <c>45s</c>, <c>10m</c>, <c>1h30m</c>.</summary>
    public static string Span(TimeSpan time) =>
        Engine.Durations.Format(TimeSpan.FromSeconds(Math.Max(1, Math.Round(time.TotalSeconds, MidpointRounding.AwayFromZero))));

    /// <summary>A number in the invariant culture.</summary>
    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Three significant digits, no exponent: <c>398</c>, <c>12.5</c>, <c>1,250</c>.</summary>
    public static string Significant(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return "0";
        }

        var digits = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var rounded = Math.Round(value, Math.Max(0, 2 - digits));
        if (digits > 2)
        {
            var scale = Math.Pow(10, digits - 2);
            rounded = Math.Round(value / scale) * scale;
        }

        return Number(rounded, digits >= 2 ? "#,0" : "0.##");
    }
}

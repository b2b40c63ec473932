using System.Globalization;

namespace Stampede.Cli.Output;

/// <summary>Human formatting of times, sizes and rates (the current culture; machine formats never use this).</summary>
internal static class Units
{
    /// <summary>A duration given in µs: 850µs, 1.23ms, 2.35s.</summary>
    public static string Micros(double micros) => micros switch
    {
        double.NaN => "-",
        < 1000 => micros.ToString("0", CultureInfo.CurrentCulture) + "µs",
        < 1_000_000 => (micros / 1000).ToString(micros < 10_000 ? "0.00" : micros < 100_000 ? "0.0" : "0", CultureInfo.CurrentCulture) + "ms",
        _ => (micros / 1_000_000).ToString("0.00", CultureInfo.CurrentCulture) + "s",
    };

    /// <summary>Bytes: 512 B, 2.1 kB, 3.4 MB.</summary>
    public static string Bytes(double bytes) => bytes switch
    {
        < 1000 => bytes.ToString("0", CultureInfo.CurrentCulture) + " B",
        < 1_000_000 => (bytes / 1000).ToString("0.0", CultureInfo.CurrentCulture) + " kB",
        < 1_000_000_000 => (bytes / 1_000_000).ToString("0.0", CultureInfo.CurrentCulture) + " MB",
        _ => (bytes / 1_000_000_000).ToString("0.00", CultureInfo.CurrentCulture) + " GB",
    };

    /// <summary>A per-second rate with sensible precision.</summary>
    public static string Rate(double perSecond) =>
        perSecond.ToString(perSecond >= 100 ? "0" : "0.0", CultureInfo.CurrentCulture) + "/s";

    /// <summary>A whole count with group separators.</summary>
    public static string Count(double count) => count.ToString("#,0", CultureInfo.CurrentCulture);

    /// <summary>A share as a percentage.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.00", CultureInfo.CurrentCulture) + "%";

    /// <summary>Elapsed time as m:ss or h:mm:ss.</summary>
    public static string Clock(TimeSpan time)
    {
        // To the nearest second: a 4 s run that took 3.998 s reads 0:04, and a tick at 0.999 s reads 0:01.
        var rounded = TimeSpan.FromSeconds(Math.Round(time.TotalSeconds, MidpointRounding.AwayFromZero));
        return rounded.TotalHours >= 1
            ? rounded.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : rounded.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}

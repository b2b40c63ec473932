namespace Stampede.DemoTarget.Tests.TestSupport;

internal static class Percentiles
{
    /// <summary>Nearest-rank percentile of <paramref name="values"/> (0 &lt; p ≤ 100).</summary>
    public static double Of(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

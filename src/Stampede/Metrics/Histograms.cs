using HdrHistogram;

namespace Stampede.Metrics;

/// <summary>The one histogram shape Stampede records durations in: 1 µs … 1 h, 3 significant digits.</summary>
public static class Histograms
{
    /// <summary>Lowest trackable value, µs.</summary>
    public const long LowestMicros = 1;

    /// <summary>Highest trackable value, µs (one hour). Longer values are clamped and counted as one hour.</summary>
    public const long HighestMicros = 3_600_000_000;

    /// <summary>Significant decimal digits kept.</summary>
    public const int SignificantDigits = 3;

    /// <summary>A new empty 64-bit histogram for totals and merged intervals.</summary>
    public static LongHistogram Create() => new(LowestMicros, HighestMicros, SignificantDigits);

    private const int PoolLimit = 256;
    private static readonly System.Collections.Concurrent.ConcurrentBag<LongHistogram> Pool = [];

    /// <summary>An empty histogram from the pool, or a new one. Histograms are large (≈190 KB); reusing them keeps the GC quiet.</summary>
    public static LongHistogram Rent() => Pool.TryTake(out var histogram) ? histogram : Create();

    /// <summary>Returns a histogram of our shape to the pool (cleared); others are left to the GC.</summary>
    public static void Return(HistogramBase histogram)
    {
        if (histogram is LongHistogram { HighestTrackableValue: HighestMicros, NumberOfSignificantValueDigits: SignificantDigits } ours && Pool.Count < PoolLimit)
        {
            ours.Reset();
            Pool.Add(ours);
        }
    }

    /// <summary>Records a value in µs, clamped into the trackable range so an outlier never throws.</summary>
    public static void RecordMicros(HistogramBase histogram, long micros)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        histogram.RecordValue(micros < LowestMicros ? LowestMicros : micros > HighestMicros ? HighestMicros : micros);
    }

    /// <summary>Converts a <see cref="System.Diagnostics.Stopwatch"/> tick delta to whole µs.</summary>
    public static long TicksToMicros(long ticks) => ticks <= 0 ? 0 : (long)(ticks * TicksToMicrosFactor);

    private static readonly double TicksToMicrosFactor = 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
}

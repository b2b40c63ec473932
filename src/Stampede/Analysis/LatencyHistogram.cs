using HdrHistogram;
using Stampede.Metrics;

namespace Stampede.Analysis;

/// <summary>
/// A trend merged over a group of intervals (a load level, a window of a phase) into one pooled histogram, so
/// analysing a long run neither inflates its compacted intervals nor allocates a histogram per interval.
/// </summary>
internal sealed class LatencyHistogram : IDisposable
{
    private readonly LongHistogram _histogram = Histograms.Rent();
    private double _min = double.NaN;
    private double _max = double.NaN;

    /// <summary>Values merged in.</summary>
    public long Count { get; private set; }

    /// <summary>Adds every series of <paramref name="metric"/> in <paramref name="interval"/>.</summary>
    public void Add(IntervalSnapshot interval, MetricDefinition metric)
    {
        foreach (var (key, aggregate) in interval.Metrics)
        {
            if (string.Equals(key.Metric, metric.Name, StringComparison.Ordinal))
            {
                Add(aggregate);
            }
        }
    }

    /// <summary>Adds one trend aggregate, reading a compacted one from its encoding without inflating it in place.</summary>
    public void Add(MetricAggregate aggregate)
    {
        if (aggregate.Count == 0)
        {
            return;
        }

        if (aggregate.CompressedHistogram is { } compressed)
        {
            HistogramCodec.DecodeInto(compressed.Span, _histogram);
        }
        else if (aggregate.Histogram is { } counts)
        {
            _histogram.Add(counts);
        }
        else
        {
            return;
        }

        Count += aggregate.Count;
        _min = double.IsNaN(_min) ? aggregate.Min : Math.Min(_min, aggregate.Min);
        _max = double.IsNaN(_max) ? aggregate.Max : Math.Max(_max, aggregate.Max);
    }

    /// <summary>The value at a percentile (0–100), kept within the exact min and max as <see cref="MetricAggregate.Percentile"/> does; 0 when empty.</summary>
    public double Percentile(double percentile)
    {
        if (_histogram.TotalCount == 0)
        {
            return 0;
        }

        double value = _histogram.GetValueAtPercentile(percentile);
        return double.IsNaN(_min) || double.IsNaN(_max) || _min > _max ? value : Math.Clamp(value, _min, _max);
    }

    /// <summary>Gives the histogram back to the pool.</summary>
    public void Dispose() => Histograms.Return(_histogram);
}

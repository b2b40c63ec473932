using HdrHistogram;

namespace Stampede.Metrics;

/// <summary>
/// The aggregated values of one series (metric + tags) over an interval or a whole run. Counters keep a
/// sum; rates keep passes and fails; trends keep an HDR histogram plus exact count, sum, min and max;
/// gauges keep the last, min and max value.
/// </summary>
public sealed class MetricAggregate
{
    /// <summary>
    /// The sum of the series of <paramref name="metric"/> whose tags contain <paramref name="filter"/>, tagged
    /// with the filter; null when none matches.
    /// </summary>
    internal static MetricAggregate? SumOf(IEnumerable<MetricAggregate> series, MetricDefinition metric, TagSet filter)
    {
        MetricAggregate? sum = null;
        foreach (var aggregate in series)
        {
            if (string.Equals(aggregate.Metric.Name, metric.Name, StringComparison.Ordinal) && aggregate.Tags.Contains(filter))
            {
                sum ??= new MetricAggregate(aggregate.Metric, filter);
                sum.Add(aggregate);
            }
        }

        return sum;
    }

    /// <summary>Creates an empty aggregate.</summary>
    public MetricAggregate(MetricDefinition metric, TagSet tags)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(tags);
        Metric = metric;
        Tags = tags;
        if (metric.Type == MetricType.Trend)
        {
            _histogram = Histograms.Rent();
        }
    }

    /// <summary>
    /// A trend whose counts are a compressed V2 histogram, kept compressed as after <see cref="Compact"/>: how a
    /// results file's histograms are read back without decoding and encoding each.
    /// </summary>
    internal MetricAggregate(MetricDefinition metric, TagSet tags, byte[] compressed)
    {
        Metric = metric;
        Tags = tags;
        _compressed = compressed;
    }

    /// <summary>The metric.</summary>
    public MetricDefinition Metric { get; }

    private static readonly HistogramCodec Codec = new();
    private HistogramBase? _histogram;
    private byte[]? _compressed;

    /// <summary>The series' tags.</summary>
    public TagSet Tags { get; }

    /// <summary>The series key.</summary>
    public SeriesKey Key => new(Metric.Name, Tags);

    /// <summary>Counter: the sum. Trend: sum of recorded values (µs for times). Gauge: unused.</summary>
    public double Sum { get; set; }

    /// <summary>Trend: number of values. Counter: number of increments.</summary>
    public long Count { get; set; }

    /// <summary>Rate: number of non-zero (true) samples.</summary>
    public long Passes { get; set; }

    /// <summary>Rate: number of zero (false) samples.</summary>
    public long Fails { get; set; }

    /// <summary>Trend: smallest value; gauge: smallest observed value.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>Trend: largest value; gauge: largest observed value.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>Gauge: last value.</summary>
    public double Value { get; set; }

    /// <summary>
    /// Trend: the distribution (µs for times). A compacted aggregate decodes it on first access and keeps
    /// it until it is compacted again.
    /// </summary>
    public HistogramBase? Histogram
    {
        get
        {
            if (_histogram is null && _compressed is not null)
            {
                _histogram = HistogramCodec.Decode(_compressed);
            }

            return _histogram;
        }
    }

    /// <summary>Trend: true while the counts are held uncompressed (not compacted, or decoded since).</summary>
    internal bool HoldsCounts => _histogram is not null;

    /// <summary>Trend: the histogram in HdrHistogram's compressed V2 encoding, when compacted; otherwise null.</summary>
    public ReadOnlyMemory<byte>? CompressedHistogram => _compressed is null ? (ReadOnlyMemory<byte>?)null : _compressed;

    /// <summary>
    /// Replaces the histogram (≈190 KB of counts) by its compressed encoding (usually well under 1 KB)
    /// and returns the counts to a pool. Per-interval snapshots are compacted once the live sinks have
    /// seen them, so a long run's series costs little memory. Reading <see cref="Histogram"/> decodes it again.
    /// </summary>
    public void Compact()
    {
        if (_histogram is null)
        {
            return;
        }

        lock (Codec)
        {
            _compressed = Codec.Encode(_histogram).ToArray();
        }

        Histograms.Return(_histogram);
        _histogram = null;
    }

    /// <summary>Rate: passes / (passes + fails), or 0 with no samples.</summary>
    public double Rate => Passes + Fails == 0 ? 0 : (double)Passes / (Passes + Fails);

    /// <summary>Trend: arithmetic mean of the exact values, or 0 with no values.</summary>
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>
    /// Trend: value at a percentile (0–100) from the histogram, kept within the exact minimum and
    /// maximum: the histogram stores values below its 1 µs floor as 1 µs and reports the top of a
    /// bucket, neither of which may show as a percentile outside what was measured.
    /// </summary>
    public double Percentile(double percentile)
    {
        Span<double> value = stackalloc double[1];
        Percentiles([percentile], value);
        return value[0];
    }

    /// <summary>
    /// Trend: the values at several percentiles (0–100, in any order) in one pass over the counts; each equals
    /// <see cref="Percentile"/> of the same percentile (and HdrHistogram's <c>GetValueAtPercentile</c>, clamped). A
    /// report asking eleven percentiles of each of thousands of intervals scans each histogram once, not eleven times.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is shorter than <paramref name="percentiles"/>.</exception>
    public void Percentiles(ReadOnlySpan<double> percentiles, Span<double> values)
    {
        if (values.Length < percentiles.Length)
        {
            throw new ArgumentException($"room for {values.Length} values, {percentiles.Length} percentiles asked", nameof(values));
        }

        var histogram = Histogram;
        if (histogram is null || histogram.TotalCount == 0)
        {
            values[..percentiles.Length].Clear();
            return;
        }

        if (!CountsV2.Supports(histogram) || percentiles.Length > 64)
        {
            for (var i = 0; i < percentiles.Length; i++)
            {
                values[i] = Clamp(histogram.GetValueAtPercentile(percentiles[i]));
            }

            return;
        }

        long[] scratch = [];
        var counts = CountsV2.Counts(histogram, ref scratch, out var length);
        Span<int> order = stackalloc int[percentiles.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Span<double> keys = stackalloc double[percentiles.Length];
        percentiles.CopyTo(keys);
        keys.Sort(order);

        // As HdrHistogram's GetValueAtPercentile: the first index whose running count reaches the wanted count.
        var half = histogram.SubBucketCount / 2;
        var total = histogram.TotalCount;
        long running = 0;
        var index = 0;
        foreach (var k in order)
        {
            var wanted = Math.Max((long)((Math.Min(percentiles[k], 100.0) / 100.0 * total) + 0.5), 1);
            while (index < length - 1 && running + counts[index] < wanted)
            {
                running += counts[index++];
            }

            values[k] = Clamp(CountsV2.HighestValueAtIndex(index, half));
        }
    }

    private double Clamp(double value) => double.IsNaN(Min) || double.IsNaN(Max) || Min > Max ? value : Math.Clamp(value, Min, Max);

    /// <summary>
    /// Trend: gives the counts of a short-lived aggregate (a sum made for one report line) back to the pool, so the
    /// next sum reuses them instead of allocating ≈190 KB. The aggregate must not be read afterwards.
    /// </summary>
    internal void Release()
    {
        if (_histogram is { } histogram)
        {
            _histogram = null;
            Histograms.Return(histogram);
        }
    }

    /// <summary>Adds a counter increment.</summary>
    public void AddCount(double value)
    {
        Sum += value;
        Count++;
    }

    /// <summary>Adds <paramref name="count"/> events at once to a counter.</summary>
    public void AddCountBatch(long count)
    {
        Sum += count;
        Count += count;
    }

    /// <summary>Adds a rate sample.</summary>
    public void AddRate(bool value)
    {
        if (value)
        {
            Passes++;
        }
        else
        {
            Fails++;
        }
    }

    /// <summary>Adds a trend value (µs for times).</summary>
    public void AddTrend(long value)
    {
        Histograms.RecordMicros(Expand(), value);
        AddTrendStats(1, value, value, value);
    }

    /// <summary>Sets a gauge value.</summary>
    public void SetGauge(double value)
    {
        Value = value;
        Min = double.IsNaN(Min) ? value : Math.Min(Min, value);
        Max = double.IsNaN(Max) ? value : Math.Max(Max, value);
    }

    /// <summary>Adds a histogram recorded elsewhere, with its exact statistics.</summary>
    public void AddTrend(HistogramBase histogram, long count, double sum, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (count == 0)
        {
            return;
        }

        CountsV2.Add(histogram, Expand());
        AddTrendStats(count, sum, min, max);
    }

    /// <summary>
    /// Adds another aggregate of the same series: counters, rates and trends add up; a gauge takes the
    /// other's last value and widens min/max (the other is later in time).
    /// </summary>
    public void Add(MetricAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        switch (Metric.Type)
        {
            case MetricType.Counter:
                Sum += other.Sum;
                Count += other.Count;
                break;
            case MetricType.Rate:
                Passes += other.Passes;
                Fails += other.Fails;
                break;
            case MetricType.Trend:
                if (other._histogram is null && other._compressed is { } compressed)
                {
                    // Read a compacted aggregate without inflating it in place (≈190 KB kept per interval):
                    // merging windows of a long run's series must leave the series compressed.
                    if (other.Count > 0)
                    {
                        HistogramCodec.DecodeInto(compressed, Expand());
                        AddTrendStats(other.Count, other.Sum, other.Min, other.Max);
                    }
                }
                else if (other.Histogram is not null)
                {
                    AddTrend(other.Histogram, other.Count, other.Sum, other.Min, other.Max);
                }

                break;
            case MetricType.Gauge:
                if (!double.IsNaN(other.Min))
                {
                    Value = other.Value;
                    Min = double.IsNaN(Min) ? other.Min : Math.Min(Min, other.Min);
                    Max = double.IsNaN(Max) ? other.Max : Math.Max(Max, other.Max);
                }

                break;
        }
    }

    /// <summary>
    /// Takes back an aggregate that was <see cref="Add"/>ed before (a sliding window dropping its oldest
    /// interval): counters, rates and trend counts go down by it. A trend's <see cref="Min"/> and
    /// <see cref="Max"/> cannot be taken back; the caller sets them from what remains.
    /// </summary>
    /// <exception cref="InvalidOperationException">A gauge: its last value cannot be taken back.</exception>
    internal void Subtract(MetricAggregate other)
    {
        switch (Metric.Type)
        {
            case MetricType.Counter:
                Sum -= other.Sum;
                Count -= other.Count;
                break;
            case MetricType.Rate:
                Passes -= other.Passes;
                Fails -= other.Fails;
                break;
            case MetricType.Trend when other.Count > 0:
                var target = Expand();
                if (other._histogram is { } counts)
                {
                    SubtractCounts(target, counts);
                }
                else if (other._compressed is { } compressed)
                {
                    var decoded = Histograms.Rent();
                    HistogramCodec.DecodeInto(compressed, decoded);
                    SubtractCounts(target, decoded);
                    Histograms.Return(decoded);
                }

                Count -= other.Count;
                Sum -= other.Sum;
                break;
            case MetricType.Gauge:
                throw new InvalidOperationException("a gauge's last value cannot be subtracted");
        }

        static void SubtractCounts(HistogramBase target, HistogramBase counts)
        {
            foreach (var value in counts.RecordedValues())
            {
                target.RecordValueWithCount(value.ValueIteratedTo, -value.CountAtValueIteratedTo);
            }
        }
    }

    /// <summary>
    /// A copy kept compressed that shares this aggregate's compressed counts (never changed in place) instead of
    /// copying them: how a live run's past intervals are handed to a snapshot cheaply, so that a report decoding the
    /// copy's histogram leaves the run's own interval compressed. Not compacted yet, it is cloned and compacted.
    /// </summary>
    internal MetricAggregate ShareCompacted()
    {
        MetricAggregate copy;
        if (_histogram is null && _compressed is not null)
        {
            copy = new MetricAggregate(Metric, Tags, _compressed);
        }
        else
        {
            copy = new MetricAggregate(Metric, Tags);
            if (_histogram is not null)
            {
                CountsV2.Add(_histogram, copy.Expand());
            }
        }

        copy.Sum = Sum;
        copy.Count = Count;
        copy.Passes = Passes;
        copy.Fails = Fails;
        copy.Min = Min;
        copy.Max = Max;
        copy.Value = Value;
        copy.Compact();
        return copy;
    }

    /// <summary>A deep copy.</summary>
    public MetricAggregate Clone()
    {
        var copy = new MetricAggregate(Metric, Tags);
        copy.Add(this);
        return copy;
    }

    // Writes need the counts back: decode a compacted histogram into a pooled one.
    private HistogramBase Expand()
    {
        if (_histogram is null)
        {
            _histogram = Histograms.Rent();
            if (_compressed is not null)
            {
                HistogramCodec.DecodeInto(_compressed, _histogram);
            }
        }

        // The counts are about to change: the encoding no longer describes them.
        _compressed = null;
        return _histogram;
    }

    private void AddTrendStats(long count, double sum, double min, double max)
    {
        Count += count;
        Sum += sum;
        Min = double.IsNaN(Min) ? min : Math.Min(Min, min);
        Max = double.IsNaN(Max) ? max : Math.Max(Max, max);
    }
}

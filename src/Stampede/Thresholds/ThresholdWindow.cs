using Stampede.Metrics;

namespace Stampede.Thresholds;

/// <summary>
/// What a windowed threshold judges, over a run of consecutive intervals that slides along the series: an
/// interval joins with <see cref="Push"/> and leaves with <see cref="Pop"/>. Sums are kept running, so each
/// interval is merged in once and taken out once, whatever the window's length: judging every 5-minute
/// window of a 2-hour run costs two merges per interval, not 300. Parts are kept compressed (a trend's
/// counts ≈1 KB instead of ≈190 KB), so a long window holds little memory.
/// </summary>
internal sealed class ThresholdWindow
{
    private readonly Threshold _threshold;
    private readonly Sum _matching;
    private readonly Sum? _all;
    private readonly Queue<(TimeSpan Offset, TimeSpan Length)> _intervals = new();

    public ThresholdWindow(Threshold threshold)
    {
        _threshold = threshold;
        _matching = new Sum(threshold.Metric, threshold.Filter);
        if (ThresholdEvaluator.IsShareOfAll(threshold, out var rest))
        {
            _all = new Sum(threshold.Metric, rest);
        }
    }

    /// <summary>The length of the intervals in the window.</summary>
    public TimeSpan Length { get; private set; }

    /// <summary>Where the oldest interval in the window starts in the run.</summary>
    public TimeSpan Start => _intervals.TryPeek(out var oldest) ? oldest.Offset : TimeSpan.Zero;

    /// <summary>The length of the oldest interval, which <see cref="Pop"/> would take out; zero when empty.</summary>
    public TimeSpan OldestLength => _intervals.TryPeek(out var oldest) ? oldest.Length : TimeSpan.Zero;

    /// <summary>Adds the next interval.</summary>
    public void Push(IntervalSnapshot interval)
    {
        _matching.Push(interval);
        _all?.Push(interval);
        _intervals.Enqueue((interval.Offset, interval.Length));
        Length += interval.Length;
    }

    /// <summary>Takes out the oldest interval.</summary>
    public void Pop()
    {
        _matching.Pop();
        _all?.Pop();
        Length -= _intervals.Dequeue().Length;
    }

    /// <summary>The threshold's statistic over the window; null when nothing in it is judged.</summary>
    public double? Observe() =>
        ThresholdEvaluator.Observe(_threshold, filter => ReferenceEquals(filter, _threshold.Filter) ? _matching.Total() : _all?.Total(), Length);

    // The running sum of one metric's series that carry the filter's tags.
    private sealed class Sum(MetricDefinition metric, TagSet filter)
    {
        private readonly Queue<MetricAggregate?> _parts = new();
        private MetricAggregate? _total;
        private int _present;

        public void Push(IntervalSnapshot interval)
        {
            var part = MetricAggregate.SumOf(interval.Metrics.Values, metric, filter);
            _parts.Enqueue(part);
            if (part is null)
            {
                return;
            }

            _present++;
            if (metric.Type != MetricType.Gauge)
            {
                _total ??= new MetricAggregate(part.Metric, filter);
                _total.Add(part);
                part.Compact();
            }
        }

        public void Pop()
        {
            if (_parts.Dequeue() is not { } part)
            {
                return;
            }

            _present--;
            if (metric.Type != MetricType.Gauge)
            {
                _total!.Subtract(part);
            }
        }

        // As MetricAggregate.SumOf over the window's intervals: null when no series matched in any of them.
        public MetricAggregate? Total()
        {
            if (_present == 0)
            {
                return null;
            }

            if (metric.Type == MetricType.Gauge)
            {
                return MetricAggregate.SumOf(_parts.OfType<MetricAggregate>(), metric, TagSet.Empty);
            }

            // Extremes cannot be taken back: they come from the parts still in the window.
            var (min, max) = (double.NaN, double.NaN);
            foreach (var part in _parts)
            {
                if (part is { Count: > 0 } && !double.IsNaN(part.Min))
                {
                    min = double.IsNaN(min) ? part.Min : Math.Min(min, part.Min);
                    max = double.IsNaN(max) ? part.Max : Math.Max(max, part.Max);
                }
            }

            _total!.Min = min;
            _total.Max = max;
            return _total;
        }
    }
}

using HdrHistogram;

namespace Stampede.Metrics;

/// <summary>A shard-local trend: a 32-bit HDR histogram plus exact count, sum, min and max. Single writer.</summary>
internal sealed class TrendRecorder
{
    private readonly IntHistogram _histogram = new(Histograms.LowestMicros, Histograms.HighestMicros, Histograms.SignificantDigits);
    private long _count;
    private long _sum;
    private long _min = long.MaxValue;
    private long _max;

    public long Count => _count;

    public void Record(long micros)
    {
        var clamped = micros < Histograms.LowestMicros ? Histograms.LowestMicros : micros > Histograms.HighestMicros ? Histograms.HighestMicros : micros;
        _histogram.RecordValue(clamped);
        _count++;
        _sum += micros;
        if (micros < _min)
        {
            _min = micros;
        }

        if (micros > _max)
        {
            _max = micros;
        }
    }

    public void AddTo(MetricAggregate aggregate)
    {
        if (_count > 0)
        {
            aggregate.AddTrend(_histogram, _count, _sum, _min, _max);
        }
    }

    public void Reset()
    {
        if (_count == 0)
        {
            return;
        }

        _histogram.Reset();
        _count = 0;
        _sum = 0;
        _min = long.MaxValue;
        _max = 0;
    }
}

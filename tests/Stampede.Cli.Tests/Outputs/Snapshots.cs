using Stampede.Metrics;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>Interval snapshots built by hand for the output tests.</summary>
internal static class Snapshots
{
    public static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    public static IntervalSnapshot Of(params MetricAggregate[] metrics) => Of(Time, TimeSpan.FromSeconds(1), metrics);

    public static IntervalSnapshot Of(DateTimeOffset time, TimeSpan length, params MetricAggregate[] metrics) => new()
    {
        Offset = TimeSpan.Zero,
        Length = length,
        Time = time,
        Metrics = metrics.ToDictionary(m => m.Key),
        Errors = new Dictionary<ErrorKind, long>(),
        Generator = default,
    };

    public static MetricAggregate Counter(MetricDefinition metric, double sum, params (string Key, string Value)[] tags)
    {
        var aggregate = new MetricAggregate(metric, TagSet.Of(tags));
        aggregate.Sum = sum;
        aggregate.Count = (long)sum;
        return aggregate;
    }

    public static MetricAggregate Trend(MetricDefinition metric, long[] micros, params (string Key, string Value)[] tags)
    {
        var aggregate = new MetricAggregate(metric, TagSet.Of(tags));
        foreach (var value in micros)
        {
            aggregate.AddTrend(value);
        }

        return aggregate;
    }

    public static MetricAggregate Rate(MetricDefinition metric, int passes, int fails, params (string Key, string Value)[] tags)
    {
        var aggregate = new MetricAggregate(metric, TagSet.Of(tags)) { Passes = passes, Fails = fails };
        return aggregate;
    }

    public static MetricAggregate Gauge(MetricDefinition metric, double value)
    {
        var aggregate = new MetricAggregate(metric, TagSet.Empty);
        aggregate.SetGauge(value);
        return aggregate;
    }
}

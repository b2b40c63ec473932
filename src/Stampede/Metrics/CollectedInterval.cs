namespace Stampede.Metrics;

/// <summary>What every shard recorded since the previous collection, merged.</summary>
public sealed class CollectedInterval
{
    /// <summary>Merged series.</summary>
    public Dictionary<SeriesKey, MetricAggregate> Metrics { get; } = [];

    /// <summary>Failures by kind.</summary>
    public Dictionary<ErrorKind, long> Errors { get; } = [];

    /// <summary>Distinct (kind, message) pairs with counts.</summary>
    public Dictionary<(ErrorKind Kind, string Message), long> Messages { get; } = [];

    /// <summary>Requests started.</summary>
    public long RequestsStarted { get; internal set; }

    /// <summary>Requests interrupted by the stop.</summary>
    public long RequestsInterrupted { get; internal set; }

    /// <summary>Iterations dropped.</summary>
    public long Dropped { get; internal set; }

    /// <summary>Open-model scheduling lag, µs (null when none was recorded).</summary>
    public MetricAggregate? SchedulingLag { get; internal set; }

    /// <summary>Adds to a series, creating it on first use.</summary>
    internal MetricAggregate Series(MetricDefinition metric, TagSet tags)
    {
        var key = new SeriesKey(metric.Name, tags);
        if (!Metrics.TryGetValue(key, out var aggregate))
        {
            aggregate = new MetricAggregate(metric, tags);
            Metrics[key] = aggregate;
        }

        return aggregate;
    }
}

namespace Stampede.Metrics;

/// <summary>
/// One interval (normally one second) of merged metrics, keyed by metric and tag set. Live views,
/// thresholds, outputs and the results file's series are all fed from these.
/// </summary>
public sealed class IntervalSnapshot
{
    /// <summary>Interval start, relative to the run start.</summary>
    public required TimeSpan Offset { get; init; }

    /// <summary>Interval length (the last interval of a run may be shorter).</summary>
    public required TimeSpan Length { get; init; }

    /// <summary>Wall-clock time at the interval's end.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Every series that had data in this interval.</summary>
    public required IReadOnlyDictionary<SeriesKey, MetricAggregate> Metrics { get; init; }

    /// <summary>Failures in this interval, by kind.</summary>
    public required IReadOnlyDictionary<ErrorKind, long> Errors { get; init; }

    /// <summary>The generator's own health during the interval.</summary>
    public required GeneratorSample Generator { get; init; }

    /// <summary>Active VUs at the interval's end (all scenarios).</summary>
    public int Vus { get; init; }

    /// <summary>Allocated VUs at the interval's end (all scenarios).</summary>
    public int VusMax { get; init; }

    /// <summary>
    /// Iterations per second the arrival-rate scenarios aimed for at the interval's end, summed; null when no
    /// arrival-rate scenario is part of the run. Compare with the achieved <c>iterations</c> rate.
    /// </summary>
    public double? TargetRate { get; init; }

    /// <summary>
    /// Requests started in this interval (summed over intervals, the run's <see cref="Results.RequestAccounting.Sent"/>).
    /// Zero in results files, which keep only the run's accounting.
    /// </summary>
    public long RequestsStarted { get; init; }

    /// <summary>Requests cut off by the end of the run in this interval (normally only in the last one).</summary>
    public long RequestsCutOff { get; init; }

    /// <summary>
    /// This interval's open-model scheduling lag (actual − intended start), µs; null in the closed model and in
    /// results files, which keep only the run's lag.
    /// </summary>
    public MetricAggregate? SchedulingLag { get; init; }

    /// <summary>
    /// Counts in this interval of the run's kept distinct error messages (the first ones, bounded), each with the
    /// interval's <see cref="Offset"/> as <see cref="Results.ErrorMessage.FirstSeen"/>; empty in results files.
    /// </summary>
    public IReadOnlyList<Results.ErrorMessage> Messages { get; init; } = [];

    /// <summary>
    /// Adds every series of <paramref name="sum"/>'s metric in this interval to it: a sum kept across intervals (a
    /// window, a load level) without a new aggregate per interval.
    /// </summary>
    internal void AddTo(MetricAggregate sum)
    {
        foreach (var (key, value) in Metrics)
        {
            if (string.Equals(key.Metric, sum.Metric.Name, StringComparison.Ordinal))
            {
                sum.Add(value);
            }
        }
    }

    /// <summary>Sums a metric across all its tag sets, or returns null when it had no data.</summary>
    public MetricAggregate? Total(MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        MetricAggregate? total = null;
        foreach (var (key, value) in Metrics)
        {
            if (string.Equals(key.Metric, metric.Name, StringComparison.Ordinal))
            {
                total ??= new MetricAggregate(metric, TagSet.Empty);
                total.Add(value);
            }
        }

        return total;
    }
}

/// <summary>How busy the generator itself was during one interval.</summary>
/// <param name="CpuPercent">Process CPU time over wall time, as a share of all cores (0–100).</param>
/// <param name="CpuCores">Cores' worth of CPU the process used (1.0 = one full core).</param>
/// <param name="GcPauseMs">Time the runtime paused for garbage collection, ms.</param>
/// <param name="Connections">Open connections at the interval's end.</param>
/// <param name="SchedulingLagP99Ms">p99 of the open-model scheduling lag, ms (0 in the closed model).</param>
/// <param name="DroppedIterations">Iterations dropped because no VU was free.</param>
public readonly record struct GeneratorSample(
    double CpuPercent, double CpuCores, double GcPauseMs, long Connections, double SchedulingLagP99Ms, long DroppedIterations);

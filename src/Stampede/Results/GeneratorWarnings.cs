using System.Globalization;

namespace Stampede.Results;

/// <summary>
/// The saturation warnings the engine writes into <see cref="GeneratorHealth.Warnings"/>, their limits, and how to
/// recognise them again: the generator-saturation finding states the same facts with its numbers, so the summary
/// and the reports show a saturation warning only when no finding already says it.
/// </summary>
internal static class GeneratorWarnings
{
    /// <summary>Generator CPU above this share of all cores, in % (in an interval of at least half a second).</summary>
    public const double CpuPercentLimit = 85;

    /// <summary>Open-model scheduling lag p99 above this, µs (10 ms).</summary>
    public const double SchedulingLagLimitMicros = 10_000;

    /// <summary>Garbage-collection pauses above this share of the run.</summary>
    public const double GcPauseShareLimit = 0.05;

    /// <summary>The facet names: also the keys of the finding's values that state them.</summary>
    public const string Cpu = "cpu_max_percent";

    /// <inheritdoc cref="Cpu"/>
    public const string Lag = "scheduling_lag_p99_ms";

    /// <inheritdoc cref="Cpu"/>
    public const string Dropped = "dropped_iterations";

    /// <inheritdoc cref="Cpu"/>
    public const string Gc = "gc_pause_share";

    private const string CpuText = "generator CPU reached ";
    private const string LagText = "iterations started late: scheduling lag p99 ";
    private const string DroppedText = " iterations were dropped because all VUs were busy";
    private const string GcText = "garbage collection paused the generator for ";

    public static string CpuWarning(double maxPercent, int cores) => Invariant(
        $"{CpuText}{maxPercent:0}% of {cores} core(s); the generator may have been the bottleneck and these results may understate latency");

    public static string LagWarning(double p99Micros, double maxMicros) => Invariant(
        $"{LagText}{p99Micros / 1000:0.#} ms, max {maxMicros / 1000:0.#} ms; the generator could not keep the schedule");

    public static string DroppedWarning(long dropped) => Invariant(
        $"{dropped}{DroppedText}; raise maxVUs (the target may also be too slow for the rate)");

    public static string GcWarning(double pauseMs, double runMs) => Invariant(
        $"{GcText}{pauseMs:0} ms ({100 * pauseMs / runMs:0.#}% of the run)");

    /// <summary>The saturation warnings a run's generator figures call for, in a fixed order (CPU, lag, drops, GC).</summary>
    public static List<string> For(double cpuMax, int cores, Metrics.MetricAggregate? schedulingLag, long dropped, double gcMs, TimeSpan duration)
    {
        var warnings = new List<string>();
        if (cpuMax > CpuPercentLimit)
        {
            warnings.Add(CpuWarning(cpuMax, cores));
        }

        if (schedulingLag is { Count: > 0 } lag && lag.Percentile(99) > SchedulingLagLimitMicros)
        {
            warnings.Add(LagWarning(lag.Percentile(99), lag.Max));
        }

        if (dropped > 0)
        {
            warnings.Add(DroppedWarning(dropped));
        }

        if (duration > TimeSpan.Zero && gcMs > duration.TotalMilliseconds * GcPauseShareLimit)
        {
            warnings.Add(GcWarning(gcMs, duration.TotalMilliseconds));
        }

        return warnings;
    }

    /// <summary>
    /// Which saturation facet a warning states (<see cref="Cpu"/>, <see cref="Lag"/>, <see cref="Dropped"/>,
    /// <see cref="Gc"/>), or null for any other warning. Merged results prefix each warning with its file, so the
    /// text is looked for anywhere in the warning.
    /// </summary>
    public static string? Facet(string warning) =>
        warning.Contains(CpuText, StringComparison.Ordinal) ? Cpu
        : warning.Contains(LagText, StringComparison.Ordinal) ? Lag
        : warning.Contains(DroppedText, StringComparison.Ordinal) ? Dropped
        : warning.Contains(GcText, StringComparison.Ordinal) ? Gc
        : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

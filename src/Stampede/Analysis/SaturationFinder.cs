using Stampede.Metrics;
using Stampede.Results;
using static Stampede.Analysis.FindingText;

namespace Stampede.Analysis;

/// <summary>
/// Generator saturation: the generator's CPU, scheduling lag, dropped iterations or GC pauses limited the test,
/// so its latency is understated. Same limits as the engine's warnings (<see cref="GeneratorWarnings"/>). See docs/findings.md.
/// </summary>
internal static class SaturationFinder
{
    public static Finding? Find(RunResult result)
    {
        var g = result.Generator;
        var reasons = new List<string>();
        var details = new List<string>();
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var idle = false;
        if (g.CpuPercentMax > GeneratorWarnings.CpuPercentLimit)
        {
            var full = result.Series.Where(s => s.Length >= TimeSpan.FromMilliseconds(500)).ToList();
            var hot = full.Count(s => s.Generator.CpuPercent > GeneratorWarnings.CpuPercentLimit);
            reasons.Add($"CPU {Number(g.CpuPercentMax, "0")}%");
            details.Add($"its CPU reached {Number(g.CpuPercentMax, "0")}% of {g.Cores} core(s) (mean {Number(g.CpuPercentMean, "0")}%" +
                (hot > 0 ? $", above {Number(GeneratorWarnings.CpuPercentLimit, "0")}% in {hot} of {full.Count} intervals)" : ")"));
            values[GeneratorWarnings.Cpu] = Math.Round(g.CpuPercentMax, 3);
        }

        if (g.SchedulingLag is { Count: > 0 } lag && lag.Percentile(99) > GeneratorWarnings.SchedulingLagLimitMicros)
        {
            reasons.Add($"scheduling lag p99 {Micros(lag.Percentile(99))}");
            details.Add($"iterations started late (scheduling lag p99 {Micros(lag.Percentile(99))}, max {Micros(lag.Max)})");
            values[GeneratorWarnings.Lag] = Math.Round(lag.Percentile(99) / 1000, 3);
        }

        if (g.DroppedIterations > 0)
        {
            var iterations = result.Total(BuiltinMetrics.Iterations)?.Sum ?? 0;
            reasons.Add($"{Count(g.DroppedIterations)} dropped iterations");
            var share = iterations > 0 ? $" ({Percent(g.DroppedIterations / (iterations + g.DroppedIterations))} of those due)" : "";
            // With the generator itself idle, every VU was busy waiting on the target: the target's slowness, not the generator's.
            idle = reasons.Count == 1;
            details.Add($"{Count(g.DroppedIterations)} iterations{share} were dropped because every VU was busy" + (idle
                ? $" — with the generator's own CPU at {Number(g.CpuPercentMax, "0")}% at most, the VUs were waiting on the target: it is too slow " +
                  "for this rate with this many VUs; raise maxVUs to measure how slow, or lower the rate"
                : " — raise maxVUs, unless the target is simply too slow for the rate"));
            values[GeneratorWarnings.Dropped] = g.DroppedIterations;
        }

        var runMs = result.Run.Duration.TotalMilliseconds;
        if (runMs > 0 && g.GcPauseMs > runMs * GeneratorWarnings.GcPauseShareLimit)
        {
            reasons.Add($"GC pauses {Percent(g.GcPauseMs / runMs)} of the run");
            details.Add($"garbage collection paused it for {Micros(g.GcPauseMs * 1000)} ({Percent(g.GcPauseMs / runMs)} of the run)");
            values[GeneratorWarnings.Gc] = Math.Round(g.GcPauseMs / runMs, 6);
        }

        if (reasons.Count == 0)
        {
            return null;
        }

        return new Finding(
            FindingKind.GeneratorSaturation,
            FindingSeverity.Warning,
            $"generator saturation ({string.Join(", ", reasons)}): these results understate latency",
            $"These results understate latency: {string.Join("; ", details)}. Requests sent late or never sent are missing from the latency, " +
            "so the target looks faster than it is. " + (idle && reasons.Count == 1
                ? "Raise maxVUs (or lower the rate) and run again before trusting the numbers."
                : "Give the generator more room (fewer VUs per machine, more cores, several generators with segments and `stampede merge`) " +
                  "and run again before trusting the numbers."))
        {
            Values = values,
        };
    }
}

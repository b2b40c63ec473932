using Stampede.Metrics;
using Stampede.Results;
using static Stampede.Analysis.FindingText;

namespace Stampede.Analysis;

/// <summary>Instability: a request name whose p95 is far above its median — a long tail. See docs/findings.md.</summary>
internal static class InstabilityFinder
{
    /// <summary>p95 must be more than this many times the median…</summary>
    public const double MinTailRatio = 3.0;

    /// <summary>…and above it by at least this much, in µs (1 ms), so sub-millisecond jitter on loopback is not reported…</summary>
    public const double MinTailGapMicros = 1000;

    /// <summary>…over at least this many requests of the name.</summary>
    public const int MinSamples = 100;

    public static IEnumerable<Finding> Find(RunResult result)
    {
        var names = result.Metrics
            .Where(m => m.Metric.Name == BuiltinMetrics.HttpReqDuration.Name && m.Tags["name"] is not null)
            .Select(m => m.Tags["name"]!)
            .Distinct()
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (result.Total(BuiltinMetrics.HttpReqDuration, TagSet.Of(("name", name))) is not { Count: >= MinSamples } duration)
            {
                continue;
            }

            var median = duration.Percentile(50);
            var p95 = duration.Percentile(95);
            if (median <= 0 || p95 <= median * MinTailRatio || p95 - median < MinTailGapMicros)
            {
                continue;
            }

            yield return new Finding(
                FindingKind.Instability,
                FindingSeverity.Info,
                $"instability: '{name}' p95 {Micros(p95)} is {Times(p95 / median)} its median {Micros(median)}",
                $"Over {Count(duration.Count)} requests: median {Micros(median)}, p90 {Micros(duration.Percentile(90))}, p95 {Micros(p95)}, " +
                $"p99 {Micros(duration.Percentile(99))}, max {Micros(duration.Max)}. One in twenty requests takes more than {Times(p95 / median)} the typical time: " +
                "usually two paths (cache hit and miss, a lock, a slow dependency, garbage collection) or a mix of fast failures and slow successes; " +
                "look at the slow requests, not the average.",
                Name: name)
            {
                Values = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["median_ms"] = Math.Round(median / 1000, 3),
                    ["p95_ms"] = Math.Round(p95 / 1000, 3),
                    ["ratio"] = Math.Round(p95 / median, 3),
                    ["requests"] = duration.Count,
                },
            };
        }
    }
}

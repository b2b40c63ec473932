using Stampede.Metrics;
using Stampede.Results;
using static Stampede.Analysis.FindingText;

namespace Stampede.Analysis;

/// <summary>
/// Coordinated-omission gap: in the open model, response time (from the intended start) far above service time
/// (from the actual send) — requests waited before they were sent. See docs/findings.md.
/// </summary>
internal static class CoordinatedOmissionFinder
{
    /// <summary>p99 response time must be more than this many times p99 service time…</summary>
    public const double MinRatio = 2.0;

    /// <summary>…and above it by at least this much, in µs (5 ms).</summary>
    public const double MinGapMicros = 5_000;

    /// <summary>…over at least this many requests.</summary>
    public const int MinSamples = 100;

    public static IEnumerable<Finding> Find(RunResult result)
    {
        var open = result.Run.Scenarios.Where(s => s.OpenModel).Select(s => s.Name).ToList();
        // Files without scenario names: every request is compared.
        IEnumerable<(string? Scenario, TagSet Filter)> groups = open.Count > 0
            ? open.Select(name => ((string?)name, TagSet.Of(("scenario", name))))
            : [(null, TagSet.Empty)];
        foreach (var (scenario, filter) in groups)
        {
            var response = result.Total(BuiltinMetrics.HttpReqDuration, filter);
            var service = result.Total(BuiltinMetrics.HttpReqServiceTime, filter);
            if (response is not { Count: >= MinSamples } || service is not { Count: >= MinSamples })
            {
                continue;
            }

            var r99 = response.Percentile(99);
            var s99 = service.Percentile(99);
            if (r99 <= s99 * MinRatio || r99 - s99 < MinGapMicros)
            {
                continue;
            }

            var where = open.Count > 1 ? $" in '{scenario}'" : "";
            var lag = result.Generator.SchedulingLag is { Count: > 0 } l ? l.Percentile(99) : 0;
            var cause = lag >= (r99 - s99) / 2
                ? $"Here the generator started iterations late (scheduling lag p99 {Micros(lag)}): the gap is the generator's own queueing — see generator saturation."
                : $"Scheduling lag is small (p99 {Micros(lag)}), so the wait came after the iteration started and before the send: a connection that was " +
                  "not free because the target held it, or steps before the request — the target's slowness, seen as queueing.";
            yield return new Finding(
                FindingKind.CoordinatedOmission,
                FindingSeverity.Warning,
                $"coordinated-omission gap{where}: p99 response time {Micros(r99)} vs {Micros(s99)} service time",
                $"Response time counts from when each request was due (p99 {Micros(r99)}), service time from when it was actually sent (p99 {Micros(s99)}): " +
                $"requests waited up to ~{Micros(r99 - s99)} before being sent. That wait is real latency for a user arriving on schedule, and a closed-model " +
                $"tool would have hidden it. {cause}")
            {
                Values = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["response_p99_ms"] = Math.Round(r99 / 1000, 3),
                    ["service_p99_ms"] = Math.Round(s99 / 1000, 3),
                    ["gap_ms"] = Math.Round((r99 - s99) / 1000, 3),
                    ["scheduling_lag_p99_ms"] = Math.Round(lag / 1000, 3),
                },
            };
        }
    }
}

using Stampede.Metrics;
using static Stampede.Analysis.FindingText;

namespace Stampede.Analysis;

/// <summary>Rate limiting: a share of requests answered 429 Too Many Requests (the <c>status</c> tag of <c>http_reqs</c>). See docs/findings.md.</summary>
internal static class RateLimitFinder
{
    /// <summary>Reported when at least this share of requests got a 429…</summary>
    public const double MinShare = 0.01;

    /// <summary>…and at least this many did.</summary>
    public const int MinCount = 10;

    private const string TooManyRequests = "429";

    public static Finding? Find(LoadSeries series)
    {
        var result = series.Result;
        long total = 0, limited = 0;
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var aggregate in result.Metrics)
        {
            if (aggregate.Metric.Name != BuiltinMetrics.HttpReqs.Name)
            {
                continue;
            }

            total += aggregate.Count;
            if (aggregate.Tags["status"] == TooManyRequests)
            {
                limited += aggregate.Count;
                var name = aggregate.Tags["name"] ?? "";
                byName[name] = byName.GetValueOrDefault(name) + aggregate.Count;
            }
        }

        if (limited < MinCount || limited < total * MinShare)
        {
            return null;
        }

        var first = series.Points.FirstOrDefault(p => p.Interval.Metrics.Any(m =>
            m.Key.Metric == BuiltinMetrics.HttpReqs.Name && m.Key.Tags["status"] == TooManyRequests && m.Value.Count > 0));
        TimeSpan? at = first.Interval?.Offset;
        var when = first.Interval is null ? ""
            : $" The first came at {Clock(first.Interval.Offset)}{(first.LevelEnd is { } level ? $", at {series.Level(level)}" : "")}.";
        var names = byName.OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal).Take(3)
            .Select(n => $"'{n.Key}' {Count(n.Value)}");
        var share = (double)limited / total;
        return new Finding(
            FindingKind.RateLimiting,
            FindingSeverity.Warning,
            $"rate limiting: {Percent(share)} of requests were answered 429 Too Many Requests",
            $"{Count(limited)} of {Count(total)} requests got a 429 (most on {string.Join(", ", names)}).{when} " +
            "The target's rate limiter, not its capacity, shaped these results, and a refusal is fast, so it says nothing of the service's latency: " +
            "test below the limit, raise it for the test, or exempt the generator.",
            at)
        {
            Values = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["requests_429"] = limited,
                ["requests"] = total,
                ["share"] = Math.Round(share, 6),
            },
        };
    }
}

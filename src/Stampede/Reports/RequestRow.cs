using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Reports;

/// <summary>One request name and method with its totals: the per-name table every report shows.</summary>
/// <param name="Name">The request's name tag (empty when unnamed).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Requests">Requests completed.</param>
/// <param name="Failures">Requests that failed.</param>
/// <param name="Duration">http_req_duration for the name (µs), or null when none was recorded.</param>
/// <param name="BytesReceived">data_received for the name, bytes.</param>
public sealed record RequestRow(string Name, string Method, long Requests, long Failures, MetricAggregate? Duration, double BytesReceived)
{
    /// <summary>Rows for every name and method that sent requests, ordered by name then method.</summary>
    public static IReadOnlyList<RequestRow> From(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var keys = result.Metrics.Where(m => m.Metric == BuiltinMetrics.HttpReqs)
            .Select(m => (Name: m.Tags["name"] ?? "", Method: m.Tags["method"] ?? ""))
            .Distinct().OrderBy(n => n.Name, StringComparer.Ordinal).ThenBy(n => n.Method, StringComparer.Ordinal);
        var rows = new List<RequestRow>();
        foreach (var (name, method) in keys)
        {
            // A series without a method tag (recorded outside HTTP steps) is matched by its name alone.
            var filter = method.Length > 0 ? TagSet.Of(("name", name), ("method", method)) : TagSet.Of(("name", name));
            rows.Add(new RequestRow(name, method,
                result.Total(BuiltinMetrics.HttpReqs, filter)?.Count ?? 0,
                result.Total(BuiltinMetrics.HttpReqFailed, filter)?.Passes ?? 0,
                result.Total(BuiltinMetrics.HttpReqDuration, filter),
                result.Total(BuiltinMetrics.DataReceived, filter)?.Sum ?? 0));
        }

        return rows;
    }
}

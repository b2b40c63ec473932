using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>The Grafana dashboards in docs/grafana: their queries, and those queries made runnable outside Grafana.</summary>
internal static partial class GrafanaDashboards
{
    public const string InfluxDb = "stampede-influxdb.json";
    public const string Prometheus = "stampede-prometheus.json";

    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs", "grafana", file))).RootElement.Clone();

    /// <summary>Every panel target's query (<c>query</c> for InfluxQL, <c>expr</c> for PromQL), with its panel's title.</summary>
    public static List<(string Panel, string Query)> Queries(JsonElement dashboard, string field)
    {
        var queries = new List<(string, string)>();
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                queries.Add((panel.GetProperty("title").GetString()!, target.GetProperty(field).GetString()!));
            }
        }

        return queries;
    }

    /// <summary>An InfluxQL panel query with Grafana's macros and the name variable filled in.</summary>
    public static string ForInflux(string query) => query
        .Replace("$timeFilter", "time > now() - 1h", StringComparison.Ordinal)
        .Replace("$__interval_ms", "1000", StringComparison.Ordinal)
        .Replace("$__interval", "1s", StringComparison.Ordinal)
        .Replace("/^$name$/", "/^.*$/", StringComparison.Ordinal);

    /// <summary>A PromQL panel query with Grafana's macros and the name variable filled in.</summary>
    public static string ForPrometheus(string query) => query
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$__range", "1h", StringComparison.Ordinal)
        .Replace("\"$name\"", "\".*\"", StringComparison.Ordinal);

    [GeneratedRegex("FROM \"([^\"]+)\"")]
    public static partial Regex Measurement();

    [GeneratedRegex("\\b(?:sum|mean|max|min|last)\\(\"([^\"]+)\"\\)")]
    public static partial Regex Field();

    [GeneratedRegex("\\bstampede_[a-z0-9_]+")]
    public static partial Regex PrometheusMetric();
}

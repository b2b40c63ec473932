using System.Text.Json;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Reports;
using Stampede.Reports.Html;
using Stampede.Results;

namespace Stampede.Cli.Dashboard;

/// <summary>
/// The JSON the page polls every second (<c>GET /api/live?from=N</c>): the session's state and controls, the chart
/// data of the intervals from <c>N</c> on (the same data the HTML report draws, so the page appends them), the
/// whole-run spectrum and load changes, the per-name table, failures with their messages, thresholds and generator
/// health — all from one snapshot of the run.
/// </summary>
internal static class DashboardLive
{
    private static readonly double[] TablePercentiles = [50, 90, 95, 99];

    /// <summary>Writes the live document.</summary>
    public static void Write(Utf8JsonWriter json, DashboardSession session, int from)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(session);
        var state = session.State;
        var live = session.Live(from);
        json.WriteStartObject();
        json.WriteString("mode", session.IsControl ? "control" : "watch");
        json.WriteString("state", state.ToString().ToLowerInvariant());
        json.WriteNumber("run", session.RunNumber);
        if (session.Failure is { } failure)
        {
            json.WriteString("failure", failure);
        }

        WriteScenarios(json, session);
        WriteControls(json, session);
        if (live is not { } view)
        {
            json.WriteEndObject();
            return;
        }

        var (result, first, count) = view;
        from = Math.Clamp(from, first, count);
        json.WriteString("outcome", result.Run.Outcome);
        json.WriteNumber("elapsed", Math.Round(result.Run.Duration.TotalSeconds, 3));
        var plan = session.Plan;
        var planned = plan.Scenarios.Count == 0 ? TimeSpan.Zero : plan.Scenarios.Max(s => s.Executor.StartTime + s.Executor.MaxDuration);
        json.WriteNumber("planned", Math.Round(planned.TotalSeconds, 3));
        json.WriteNumber("from", from);
        json.WriteNumber("count", count);
        json.WritePropertyName("charts");
        json.WriteRawValue(HtmlChartData.Render(result, from - first), skipInputValidation: true);
        WriteKpis(json, result);
        WriteRequests(json, result);
        WriteErrors(json, result);
        JsonSummaryReport.WriteThresholds(json, result);
        WriteGenerator(json, result);
        json.WriteEndObject();
    }

    private static void WriteScenarios(Utf8JsonWriter json, DashboardSession session)
    {
        var scenarios = session.Plan.Scenarios;
        json.WriteStartArray("scenarios");
        foreach (var scenario in scenarios)
        {
            json.WriteStartObject();
            json.WriteString("name", scenario.Name);
            json.WriteString("executor", scenario.Executor.Name);
            json.WriteString("description", scenario.Executor.Describe());
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // What the page may change now, with the current settings (totals over the controllable scenarios).
    private static void WriteControls(Utf8JsonWriter json, DashboardSession session)
    {
        json.WriteStartObject("controls");
        json.WriteBoolean("canStart", session.IsControl && session.State is DashboardState.Idle or DashboardState.Finished);
        json.WriteBoolean("canReset", session.IsControl && session.State == DashboardState.Finished);
        var running = session.State == DashboardState.Running;
        json.WriteBoolean("canStop", running);
        var runner = session.Runner;
        var users = runner?.VuControls ?? [];
        var rates = runner?.RateControls ?? [];
        json.WriteBoolean("canChangeUsers", running && users.Count > 0);
        json.WriteBoolean("canChangeRate", running && rates.Count > 0);
        if (users.Count > 0)
        {
            json.WriteNumber("users", users.Sum(c => c.Vus));
            json.WriteNumber("maxUsers", users.Sum(c => c.MaxVus));
            if (users.All(c => c.SpawnRate is not null))
            {
                json.WriteNumber("spawnRate", users.Sum(c => c.SpawnRate!.Value));
            }
        }

        if (rates.Count > 0)
        {
            json.WriteNumber("rate", Math.Round(rates.Sum(c => c.Rate), 3));
        }

        if (session.Started is { } started)
        {
            json.WriteString("model", started.Model);
            json.WriteString("duration", Durations.Format(started.Duration));
        }

        json.WriteEndObject();
    }

    private static void WriteKpis(Utf8JsonWriter json, RunResult result)
    {
        var requests = result.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0;
        var failed = result.Total(BuiltinMetrics.HttpReqFailed)?.Passes ?? 0;
        var last = result.Series.Count > 0 ? result.Series[^1] : null;
        double lastRequests = 0;
        if (last is not null)
        {
            foreach (var (key, aggregate) in last.Metrics)
            {
                if (key.Metric == BuiltinMetrics.HttpReqs.Name)
                {
                    lastRequests += aggregate.Count;
                }
            }
        }

        json.WriteStartObject("kpis");
        json.WriteNumber("requests", requests);
        json.WriteNumber("failures", failed);
        json.WriteNumber("failRate", requests == 0 ? 0 : Math.Round((double)failed / requests, 6));
        json.WriteNumber("rps", last is null || last.Length <= TimeSpan.Zero ? 0 : Math.Round(lastRequests / last.Length.TotalSeconds, 2));
        json.WriteNumber("vus", last?.Vus ?? 0);
        if (result.Total(BuiltinMetrics.HttpReqDuration) is { Count: > 0 } duration)
        {
            json.WriteNumber("p95", Ms(duration.Percentile(95)));
        }

        json.WriteEndObject();
    }

    private static void WriteRequests(Utf8JsonWriter json, RunResult result)
    {
        Span<double> values = stackalloc double[TablePercentiles.Length];
        var seconds = Math.Max(result.Run.Duration.TotalSeconds, 1e-3);
        json.WriteStartArray("requests");
        foreach (var row in RequestRow.From(result))
        {
            json.WriteStartObject();
            json.WriteString("name", row.Name);
            json.WriteString("method", row.Method);
            json.WriteNumber("requests", row.Requests);
            json.WriteNumber("failures", row.Failures);
            json.WriteNumber("rps", Math.Round(row.Requests / seconds, 2));
            if (row.Duration is { Count: > 0 } duration)
            {
                duration.Percentiles(TablePercentiles, values);
                json.WriteNumber("avg", Ms(duration.Mean));
                json.WriteNumber("min", Ms(duration.Min));
                json.WriteNumber("p50", Ms(values[0]));
                json.WriteNumber("p90", Ms(values[1]));
                json.WriteNumber("p95", Ms(values[2]));
                json.WriteNumber("p99", Ms(values[3]));
                json.WriteNumber("max", Ms(duration.Max));
            }

            json.WriteNumber("bytes", Math.Round(row.Requests == 0 ? 0 : row.BytesReceived / row.Requests, 1));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteErrors(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartArray("errors");
        foreach (var (kind, count) in result.Errors.Counts.OrderByDescending(e => e.Value))
        {
            json.WriteStartObject();
            json.WriteString("kind", kind.ToName());
            json.WriteNumber("count", count);
            json.WriteStartArray("messages");
            foreach (var message in result.Errors.Messages.Where(m => m.Kind == kind))
            {
                json.WriteStartObject();
                json.WriteString("message", message.Message);
                json.WriteNumber("count", message.Count);
                json.WriteNumber("firstSeen", Math.Round(message.FirstSeen.TotalSeconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteGenerator(Utf8JsonWriter json, RunResult result)
    {
        var generator = result.Generator;
        var last = result.Series.Count > 0 ? result.Series[^1].Generator : default;
        json.WriteStartObject("generator");
        json.WriteNumber("cpu", Math.Round(last.CpuPercent, 1));
        json.WriteNumber("cpuMax", Math.Round(generator.CpuPercentMax, 1));
        json.WriteNumber("cores", generator.Cores);
        json.WriteNumber("connections", last.Connections);
        json.WriteNumber("gcPauseMs", Math.Round(generator.GcPauseMs, 1));
        json.WriteNumber("dropped", generator.DroppedIterations);
        if (generator.SchedulingLag is { Count: > 0 } lag)
        {
            json.WriteNumber("lagP99", Ms(lag.Percentile(99)));
        }

        json.WriteStartArray("warnings");
        foreach (var warning in generator.Warnings)
        {
            json.WriteStringValue(warning);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static double Ms(double micros) => double.IsFinite(micros) ? Math.Round(micros / 1000, 3) : 0;
}

using System.Text.Encodings.Web;
using System.Text.Json;
using Stampede.Analysis;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Reports;

/// <summary>
/// The <c>json</c> report: a compact machine summary of a run (format <c>stampede-summary/1</c>), k6-style
/// values per metric, the per-name table, checks, thresholds and accounting. Times are milliseconds; numbers
/// are written by <see cref="Utf8JsonWriter"/>, so they never depend on the culture.
/// </summary>
public static class JsonSummaryReport
{
    /// <summary>The summary's format name, written in its <c>format</c> field.</summary>
    public const string Format = "stampede-summary/1";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the summary of <paramref name="result"/> as UTF-8 JSON.</summary>
    public static void Write(RunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteString("format", Format);
        WriteRun(json, result);
        WriteMetrics(json, result);
        WriteRequests(json, result);
        WriteChecks(json, result);
        WriteThresholds(json, result);
        WriteFindings(json, result);
        var a = result.Accounting;
        json.WriteStartObject("accounting");
        json.WriteNumber("sent", a.Sent);
        json.WriteNumber("succeeded", a.Succeeded);
        json.WriteNumber("failed", a.Failed);
        json.WriteNumber("in_flight_at_stop", a.InFlightAtStop);
        json.WriteBoolean("balanced", a.Balanced);
        json.WriteEndObject();
        json.WriteStartObject("errors");
        foreach (var (kind, count) in result.Errors.Counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key))
        {
            json.WriteNumber(kind.ToName(), count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>The summary as a string.</summary>
    public static string Render(RunResult result)
    {
        using var buffer = new MemoryStream();
        Write(result, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteRun(Utf8JsonWriter json, RunResult result)
    {
        var run = result.Run;
        json.WriteStartObject("run");
        json.WriteString("tool", run.Tool);
        json.WriteString("started", run.Started);
        json.WriteNumber("duration_s", Math.Round(run.Duration.TotalSeconds, 3));
        json.WriteString("outcome", run.Outcome);
        json.WriteString("command", run.Command);
        json.WriteBoolean("thresholds_passed", result.ThresholdsPassed);
        json.WriteStartArray("scenarios");
        foreach (var scenario in run.Scenarios)
        {
            json.WriteStartObject();
            json.WriteString("name", scenario.Name);
            json.WriteString("executor", scenario.Executor);
            json.WriteString("description", scenario.Description);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter json, RunResult result)
    {
        var seconds = Math.Max(result.Run.Duration.TotalSeconds, 1e-3);
        json.WriteStartObject("metrics");
        foreach (var metric in result.Metrics.Select(m => m.Metric).DistinctBy(m => m.Name))
        {
            if (result.Total(metric) is not { } total)
            {
                continue;
            }

            json.WriteStartObject(metric.Name);
            json.WriteString("type", metric.Type.ToString().ToLowerInvariant());
            switch (metric.Type)
            {
                case MetricType.Trend:
                    WriteTrend(json, total, metric.IsTime ? 1000 : 1);
                    break;
                case MetricType.Counter:
                    json.WriteNumber("count", total.Sum);
                    json.WriteNumber("rate", Math.Round(total.Sum / seconds, 3));
                    break;
                case MetricType.Rate:
                    Number(json, "rate", total.Rate);
                    json.WriteNumber("passes", total.Passes);
                    json.WriteNumber("fails", total.Fails);
                    break;
                default:
                    Number(json, "value", total.Value);
                    Number(json, "min", total.Min);
                    Number(json, "max", total.Max);
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    // Trend values in ms for times (µs recorded, so divided by 1000), as recorded otherwise.
    private static void WriteTrend(Utf8JsonWriter json, MetricAggregate trend, double divisor)
    {
        json.WriteNumber("count", trend.Count);
        if (trend.Count == 0)
        {
            return;
        }

        Number(json, "avg", trend.Mean / divisor);
        Number(json, "min", trend.Min / divisor);
        Number(json, "med", trend.Percentile(50) / divisor);
        Number(json, "max", trend.Max / divisor);
        Number(json, "p(90)", trend.Percentile(90) / divisor);
        Number(json, "p(95)", trend.Percentile(95) / divisor);
        Number(json, "p(99)", trend.Percentile(99) / divisor);
        Number(json, "p(99.9)", trend.Percentile(99.9) / divisor);
    }

    private static void WriteRequests(Utf8JsonWriter json, RunResult result)
    {
        var seconds = Math.Max(result.Run.Duration.TotalSeconds, 1e-3);
        json.WriteStartArray("requests");
        foreach (var row in RequestRow.From(result))
        {
            json.WriteStartObject();
            json.WriteString("name", row.Name);
            json.WriteString("method", row.Method);
            json.WriteNumber("count", row.Requests);
            json.WriteNumber("failures", row.Failures);
            json.WriteNumber("rate", Math.Round(row.Requests / seconds, 3));
            if (row.Duration is { Count: > 0 } d)
            {
                Number(json, "avg", d.Mean / 1000);
                Number(json, "min", d.Min / 1000);
                Number(json, "med", d.Percentile(50) / 1000);
                Number(json, "p(95)", d.Percentile(95) / 1000);
                Number(json, "p(99)", d.Percentile(99) / 1000);
                Number(json, "max", d.Max / 1000);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteChecks(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartArray("checks");
        foreach (var check in result.Checks)
        {
            json.WriteStartObject();
            json.WriteString("name", check.Name);
            json.WriteString("scenario", check.Scenario);
            json.WriteString("group", check.Group);
            json.WriteNumber("passes", check.Passes);
            json.WriteNumber("fails", check.Fails);
            Number(json, "rate", check.PassRate);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Writes <c>"thresholds": […]</c>: each threshold's source, metric, statistic, verdict and observed value (the live dashboard's too).</summary>
    internal static void WriteThresholds(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartArray("thresholds");
        foreach (var verdict in result.Thresholds)
        {
            json.WriteStartObject();
            json.WriteString("threshold", verdict.Threshold.Source);
            json.WriteString("metric", verdict.Threshold.Target);
            json.WriteString("statistic", verdict.Threshold.StatisticName);
            json.WriteBoolean("passed", verdict.Passed);
            Number(json, "observed", verdict.Observed ?? double.NaN);

            if (verdict.WindowStart is { } start)
            {
                json.WriteNumber("window_start_s", start.TotalSeconds);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteFindings(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartArray("findings");
        foreach (var finding in RunAnalysis.Findings(result))
        {
            json.WriteStartObject();
            json.WriteString("kind", finding.Kind.ToName());
            json.WriteString("severity", finding.Severity.ToName());
            json.WriteString("title", finding.Title);
            json.WriteString("detail", finding.Detail);
            Number(json, "at", finding.At is { } at ? Math.Round(at.TotalSeconds, 3) : double.NaN);
            json.WriteString("name", finding.Name); // null when it concerns every request

            json.WriteStartObject("values");
            foreach (var (key, value) in finding.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                Number(json, key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // JSON has no NaN or infinity: a value never observed is null.
    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

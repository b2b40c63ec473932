using System.Globalization;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Reports;

/// <summary>
/// The <c>csv</c> report: Locust 2.x's three CSV files, <c>PREFIX_stats.csv</c>, <c>PREFIX_stats_history.csv</c>
/// and <c>PREFIX_failures.csv</c>, with Locust's columns in Locust's order, so tooling written for Locust reads
/// them unchanged. Times are milliseconds, as in Locust; numbers are culture-invariant.
/// </summary>
/// <remarks>
/// Headers follow locustio/locust <c>locust/stats.py</c> (2.x): <c>StatsCSV.requests_csv_columns</c>,
/// <c>StatsCSV.failures_columns</c>, <c>StatsCSVFileWriter.stats_history_csv_columns</c> and
/// <c>PERCENTILES_TO_REPORT</c> named by <c>get_readable_percentiles</c>. Rows end in CRLF as Python's
/// <c>csv.writer</c> writes them, with its minimal quoting. The history has one row per interval (second)
/// for every request name and one for <c>Aggregated</c>, as Locust's <c>--csv-full-history</c> writes them,
/// with that interval's rate and percentiles and the totals so far.
/// </remarks>
public static class LocustCsvReport
{
    /// <summary>Locust's percentiles (PERCENTILES_TO_REPORT), as fractions.</summary>
    public static readonly IReadOnlyList<double> Percentiles = [0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0];

    // The same, as percentiles (0–100) for MetricAggregate.Percentiles.
    private static readonly double[] PercentileKeys = [.. Percentiles.Select(p => p * 100)];

    /// <summary>The header of <c>_stats.csv</c>, byte for byte as Locust 2.x writes it.</summary>
    public const string StatsHeader =
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time," +
        "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\r\n";

    /// <summary>The header of <c>_stats_history.csv</c>, byte for byte as Locust 2.x writes it.</summary>
    public const string HistoryHeader =
        "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%," +
        "Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time," +
        "Total Min Response Time,Total Max Response Time,Total Average Content Size\r\n";

    /// <summary>The header of <c>_failures.csv</c>, byte for byte as Locust 2.x writes it.</summary>
    public const string FailuresHeader = "Method,Name,Error,Occurrences\r\n";

    private const string Aggregated = "Aggregated";

    /// <summary>The three file paths for a prefix: <c>PREFIX_stats.csv</c>, <c>PREFIX_stats_history.csv</c>, <c>PREFIX_failures.csv</c>.</summary>
    public static (string Stats, string History, string Failures) Paths(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return (prefix + "_stats.csv", prefix + "_stats_history.csv", prefix + "_failures.csv");
    }

    /// <summary>Writes the three files next to <paramref name="prefix"/> and returns their paths.</summary>
    public static IReadOnlyList<string> WriteFiles(RunResult result, string prefix)
    {
        var (stats, history, failures) = Paths(prefix);
        using (var writer = new StreamWriter(stats))
        {
            WriteStats(result, writer);
        }

        using (var writer = new StreamWriter(history))
        {
            WriteHistory(result, writer);
        }

        using (var writer = new StreamWriter(failures))
        {
            WriteFailures(result, writer);
        }

        return [stats, history, failures];
    }

    /// <summary>Writes <c>_stats.csv</c>: a row per request name and method, then the Aggregated row.</summary>
    public static void WriteStats(RunResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(StatsHeader);
        var seconds = Math.Max(result.Run.Duration.TotalSeconds, 1e-3);
        foreach (var row in RequestRow.From(result))
        {
            StatsRow(writer, row.Method, row.Name, row.Requests, row.Failures, row.Duration, row.BytesReceived, seconds);
        }

        StatsRow(writer, "", Aggregated, result.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0,
            result.Total(BuiltinMetrics.HttpReqFailed)?.Passes ?? 0, result.Total(BuiltinMetrics.HttpReqDuration),
            result.Total(BuiltinMetrics.DataReceived)?.Sum ?? 0, seconds);
    }

    /// <summary>Writes <c>_stats_history.csv</c>: per interval, a row per request name and the Aggregated row.</summary>
    public static void WriteHistory(RunResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(HistoryHeader);
        var rows = RequestRow.From(result).Select(r => new HistoryRow(r.Method, r.Name, TagSet.Of(("name", r.Name), ("method", r.Method))))
            .Append(new HistoryRow("", Aggregated, TagSet.Empty)).ToList();
        foreach (var interval in result.Series)
        {
            var seconds = Math.Max(interval.Length.TotalSeconds, 1e-3);
            var series = interval.Metrics.Values;
            var timestamp = interval.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var users = interval.Vus.ToString(CultureInfo.InvariantCulture);
            foreach (var row in rows)
            {
                var requests = MetricAggregate.SumOf(series, BuiltinMetrics.HttpReqs, row.Filter)?.Count ?? 0;
                var failures = MetricAggregate.SumOf(series, BuiltinMetrics.HttpReqFailed, row.Filter)?.Passes ?? 0;
                var duration = MetricAggregate.SumOf(series, BuiltinMetrics.HttpReqDuration, row.Filter);
                row.Add(requests, failures, duration, MetricAggregate.SumOf(series, BuiltinMetrics.DataReceived, row.Filter)?.Sum ?? 0);
                Fields(writer, timestamp, users, row.Method, row.Name,
                    (requests / seconds).ToString("F6", CultureInfo.InvariantCulture),
                    (failures / seconds).ToString("F6", CultureInfo.InvariantCulture));
                writer.Write(',');
                PercentileFields(writer, row.Requests == 0 ? null : duration, row.Requests == 0);
                duration?.Release();
                writer.Write(',');
                var total = row.Duration;
                Fields(writer, Int(row.Requests), Int(row.Failures), Ms(Median(total)), Ms(total?.Mean ?? 0),
                    Ms(Min(total)), Ms(Max(total)), Decimal(row.Requests == 0 ? 0 : row.Bytes / row.Requests));
                writer.Write("\r\n");
            }
        }
    }

    /// <summary>
    /// Writes <c>_failures.csv</c>: a row per method, name and failure (<c>HTTP 503</c>, or the error kind for
    /// failures without a response), ordered by name then method as Locust orders them.
    /// </summary>
    public static void WriteFailures(RunResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FailuresHeader);
        var failures = result.Metrics.Where(m => m.Metric == BuiltinMetrics.HttpReqFailed && m.Passes > 0)
            .GroupBy(m => (Method: m.Tags["method"] ?? "", Name: m.Tags["name"] ?? "", Error: FailureText(m.Tags)))
            .Select(g => (g.Key.Method, g.Key.Name, g.Key.Error, Count: g.Sum(m => m.Passes)))
            .OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.Method, StringComparer.Ordinal).ThenBy(f => f.Error, StringComparer.Ordinal);
        foreach (var (method, name, error, count) in failures)
        {
            Fields(writer, method, name, error, Int(count));
            writer.Write("\r\n");
        }
    }

    private static string FailureText(TagSet tags) =>
        tags["status"] is { } status && status != "0" ? "HTTP " + status : tags["error"] ?? "failed";

    private static void StatsRow(TextWriter writer, string method, string name, long requests, long failures, MetricAggregate? duration, double bytes, double seconds)
    {
        Fields(writer, method, name, Int(requests), Int(failures), Ms(Median(duration)), Ms(duration?.Mean ?? 0),
            Ms(Min(duration)), Ms(Max(duration)), Decimal(requests == 0 ? 0 : bytes / requests),
            Decimal(requests / seconds), Decimal(failures / seconds));
        writer.Write(',');
        PercentileFields(writer, duration, requests == 0);
        writer.Write("\r\n");
    }

    // Locust writes N/A for every percentile of an entry without requests, and whole milliseconds otherwise.
    private static void PercentileFields(TextWriter writer, MetricAggregate? duration, bool none)
    {
        Span<double> values = stackalloc double[PercentileKeys.Length];
        if (!none && duration is { Count: > 0 })
        {
            duration.Percentiles(PercentileKeys, values);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(none ? "N/A" : duration is { Count: > 0 }
                ? Math.Round(values[i] / 1000, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture)
                : "0");
        }
    }

    private static double Median(MetricAggregate? d) => d is { Count: > 0 } ? Math.Round(d.Percentile(50) / 1000, MidpointRounding.AwayFromZero) * 1000 : 0;

    private static double Min(MetricAggregate? d) => d is { Count: > 0 } ? d.Min : 0;

    private static double Max(MetricAggregate? d) => d is { Count: > 0 } ? d.Max : 0;

    private static string Ms(double micros) => Decimal(micros / 1000);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(double value) =>
        double.IsFinite(value) ? value.ToString("0.0#####", CultureInfo.InvariantCulture) : "0.0";

    private static void Fields(TextWriter writer, params ReadOnlySpan<string> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            Field(writer, fields[i]);
        }
    }

    // Python's csv.QUOTE_MINIMAL: quote a field holding the delimiter, a quote or a line break; double quotes.
    private static void Field(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    // The running totals of one history row (a request name, or Aggregated).
    private sealed class HistoryRow(string method, string name, TagSet filter)
    {
        public string Method { get; } = method;

        public string Name { get; } = name;

        public TagSet Filter { get; } = filter;

        public long Requests { get; private set; }

        public long Failures { get; private set; }

        public double Bytes { get; private set; }

        public MetricAggregate? Duration { get; private set; }

        public void Add(long requests, long failures, MetricAggregate? duration, double bytes)
        {
            Requests += requests;
            Failures += failures;
            Bytes += bytes;
            if (duration is not null)
            {
                Duration ??= new MetricAggregate(duration.Metric, Filter);
                Duration.Add(duration);
            }
        }
    }
}

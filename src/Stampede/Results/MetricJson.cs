using System.Text.Json;
using HdrHistogram;
using Stampede.Metrics;

namespace Stampede.Results;

/// <summary>
/// One metric entry of a results file, in k6's summary-export shape plus the exact values a merge needs:
/// trends carry <c>sum</c>, <c>minRaw</c>, <c>maxRaw</c> (recording unit, µs for times) and the histogram,
/// counters carry <c>increments</c>.
/// </summary>
internal static class MetricJson
{
    private const double MicrosPerMilli = 1000.0;

    // Trend names that hold durations, for metrics this build does not know.
    private static readonly string[] TimeSuffixes =
        ["_duration", "_time", "_waiting", "_connecting", "_handshaking", "_sending", "_receiving", "_lag"];

    /// <summary>Writes <paramref name="aggregate"/> as an object; counter rates are per second of <paramref name="seconds"/>.</summary>
    public static void Write(Utf8JsonWriter writer, MetricAggregate aggregate, double seconds, HistogramCodec codec, bool explicitTags)
    {
        writer.WriteStartObject();
        var metric = aggregate.Metric;
        switch (metric.Type)
        {
            case MetricType.Counter:
                writer.WriteString("type", "counter");
                WriteContains(writer, metric);
                writer.WriteNumber("count", aggregate.Sum);
                writer.WriteNumber("rate", seconds > 0 ? aggregate.Sum / seconds : 0);
                writer.WriteNumber("increments", aggregate.Count);
                break;
            case MetricType.Rate:
                writer.WriteString("type", "rate");
                writer.WriteNumber("rate", aggregate.Rate);
                writer.WriteNumber("passes", aggregate.Passes);
                writer.WriteNumber("fails", aggregate.Fails);
                break;
            case MetricType.Gauge:
                writer.WriteString("type", "gauge");
                writer.WriteNumber("value", aggregate.Value);
                WriteNumberOrNull(writer, "min", aggregate.Min);
                WriteNumberOrNull(writer, "max", aggregate.Max);
                break;
            case MetricType.Trend:
                WriteTrend(writer, aggregate, codec);
                break;
        }

        if (explicitTags)
        {
            writer.WriteStartObject("tags");
            foreach (var (key, value) in aggregate.Tags.Tags)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads an entry written by <see cref="Write"/>. With <paramref name="scratch"/> (its layout; left empty), a trend
    /// is checked and kept compacted (its encoding as read); without, it is decoded into the aggregate.
    /// </summary>
    public static MetricAggregate Read(JsonElement entry, MetricDefinition metric, TagSet tags, string path, HistogramBase? scratch = null)
    {
        var aggregate = metric.Type == MetricType.Trend && scratch is not null
            ? MetricAggregate.Compacted(metric, tags, Compressed(entry, path, scratch, check: true))
            : new MetricAggregate(metric, tags);
        switch (metric.Type)
        {
            case MetricType.Counter:
                aggregate.Sum = JsonFields.Double(entry, "count", path);
                aggregate.Count = JsonFields.OptionalLong(entry, "increments", path, 0);
                break;
            case MetricType.Rate:
                aggregate.Passes = JsonFields.Long(entry, "passes", path);
                aggregate.Fails = JsonFields.Long(entry, "fails", path);
                break;
            case MetricType.Gauge:
                aggregate.Value = JsonFields.Double(entry, "value", path);
                aggregate.Min = JsonFields.DoubleOrNaN(entry, "min", path);
                aggregate.Max = JsonFields.DoubleOrNaN(entry, "max", path);
                break;
            case MetricType.Trend:
                if (scratch is null)
                {
                    // Straight into the aggregate's own histogram: no intermediate copy per series.
                    Compressed(entry, path, aggregate.Histogram!);
                }

                aggregate.Count = JsonFields.Long(entry, "count", path);
                aggregate.Sum = JsonFields.Double(entry, "sum", path);
                aggregate.Min = JsonFields.DoubleOrNaN(entry, "minRaw", path);
                aggregate.Max = JsonFields.DoubleOrNaN(entry, "maxRaw", path);
                break;
        }

        return aggregate;
    }

    // The entry's histogram bytes, decoded into target (or with check, only checked against its layout): a
    // corrupt encoding fails here, naming the entry.
    private static byte[] Compressed(JsonElement entry, string path, HistogramBase target, bool check = false)
    {
        var histogramPath = JsonFields.Join(path, "histogram");
        var text = JsonFields.Get(entry, "histogram", path);
        if (text.ValueKind != JsonValueKind.String || !text.TryGetBytesFromBase64(out var compressed))
        {
            throw new FormatException($"{histogramPath}: expected base64 text");
        }

        try
        {
            if (check)
            {
                HistogramCodec.Check(compressed, target);
            }
            else
            {
                HistogramCodec.DecodeInto(compressed, target);
            }
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{histogramPath}: {ex.Message}", ex);
        }

        return compressed;
    }

    /// <summary>
    /// The definition of a metric named in a file: built-in metrics by name; otherwise the entry's
    /// <c>type</c>, with <c>contains</c> (<c>time</c>/<c>data</c>) when present, else a name-suffix rule for times.
    /// </summary>
    public static MetricDefinition Definition(string name, JsonElement entry, string path)
    {
        if (BuiltinMetrics.ByName.TryGetValue(name, out var builtin))
        {
            return builtin;
        }

        var typeName = JsonFields.String(entry, "type", path);
        var type = typeName switch
        {
            "counter" => MetricType.Counter,
            "gauge" => MetricType.Gauge,
            "rate" => MetricType.Rate,
            "trend" => MetricType.Trend,
            _ => throw new FormatException($"{JsonFields.Join(path, "type")}: unknown metric type '{typeName}'"),
        };
        var contains = JsonFields.OptionalString(entry, "contains", path);
        var isTime = type == MetricType.Trend &&
                     (contains is null ? HasTimeSuffix(name) : string.Equals(contains, "time", StringComparison.Ordinal));
        var isData = type == MetricType.Counter && string.Equals(contains, "data", StringComparison.Ordinal);
        return new MetricDefinition(name, type, isTime, isData);
    }

    private static void WriteTrend(Utf8JsonWriter writer, MetricAggregate aggregate, HistogramCodec codec)
    {
        // Reports show times in ms (k6's unit); the histogram and the *Raw fields keep the recording unit.
        var scale = aggregate.Metric.IsTime ? MicrosPerMilli : 1.0;

        // Encoding first copies the counts once; the percentiles then come from that copy.
        var wasCompact = aggregate.CompressedHistogram is not null;
        var histogram = codec.Encode(aggregate.Histogram!);
        writer.WriteString("type", "trend");
        WriteContains(writer, aggregate.Metric);
        writer.WriteNumber("avg", aggregate.Mean / scale);
        WriteNumberOrNull(writer, "min", aggregate.Min / scale);
        writer.WriteNumber("med", codec.Percentile(50) / scale);
        WriteNumberOrNull(writer, "max", aggregate.Max / scale);
        writer.WriteNumber("p(90)", codec.Percentile(90) / scale);
        writer.WriteNumber("p(95)", codec.Percentile(95) / scale);
        writer.WriteNumber("p(99)", codec.Percentile(99) / scale);
        writer.WriteNumber("p(99.9)", codec.Percentile(99.9) / scale);
        writer.WriteNumber("count", aggregate.Count);
        writer.WriteNumber("sum", aggregate.Sum);
        WriteNumberOrNull(writer, "minRaw", aggregate.Min);
        WriteNumberOrNull(writer, "maxRaw", aggregate.Max);
        writer.WriteBase64String("histogram", histogram);
        if (wasCompact)
        {
            // Reading the counts decoded them; compact again so writing a long run does not hold every interval's counts.
            aggregate.Compact();
        }
    }

    private static void WriteContains(Utf8JsonWriter writer, MetricDefinition metric)
    {
        // k6's "contains" vocabulary. Trends always say it, so a custom trend named like a time but holding
        // plain values reads back as it was; counters say it only for bytes, keeping plain entries k6-sized.
        if (metric.Type == MetricType.Trend)
        {
            writer.WriteString("contains", metric.IsTime ? "time" : "default");
        }
        else if (metric.IsData)
        {
            writer.WriteString("contains", "data");
        }
    }

    // JSON has no NaN: an empty min or max is null.
    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static bool HasTimeSuffix(string name)
    {
        foreach (var suffix in TimeSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

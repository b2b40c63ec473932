using System.Globalization;
using System.Text;
using Stampede.Metrics;

namespace Stampede.Cli.Outputs;

/// <summary>
/// InfluxDB 1.x line protocol for one interval: one point per series, measurement = the k6 metric name, tags = the
/// series' tags, fields by metric type (docs/outputs.md has the schema), all fields floats so a field never changes
/// type between runs. Times are in ms (<c>precision=ms</c>).
/// </summary>
internal static class LineProtocol
{
    /// <summary>Measurement of the generator's own health.</summary>
    public const string GeneratorMeasurement = "stampede_generator";

    /// <summary>Measurement of failures by kind.</summary>
    public const string ErrorsMeasurement = "stampede_errors";

    private const double MicrosPerMilli = 1000.0;
    private static readonly double[] Percentiles = [50, 90, 95, 99];
    private static readonly string[] PercentileFields = ["p50", "p90", "p95", "p99"];

    /// <summary>Appends every point of <paramref name="snapshot"/> and returns how many were written.</summary>
    public static int Append(StringBuilder sb, IntervalSnapshot snapshot, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(snapshot);
        var points = 0;
        var seconds = Math.Max(snapshot.Length.TotalSeconds, 1e-3);
        Span<double> values = stackalloc double[Percentiles.Length];
        foreach (var (key, aggregate) in snapshot.Metrics)
        {
            var line = new Line(sb, key.Metric, key.Tags);
            var metric = aggregate.Metric;
            switch (metric.Type)
            {
                case MetricType.Counter:
                    line.Field("count", aggregate.Sum);
                    line.Field("rate", aggregate.Sum / seconds);
                    break;
                case MetricType.Rate:
                    line.Field("passes", aggregate.Passes);
                    line.Field("fails", aggregate.Fails);
                    line.Field("rate", aggregate.Rate);
                    break;
                case MetricType.Gauge:
                    line.Field("value", aggregate.Value);
                    break;
                case MetricType.Trend:
                    if (aggregate.Count == 0)
                    {
                        break;
                    }

                    var unit = metric.IsTime ? MicrosPerMilli : 1.0;
                    line.Field("count", aggregate.Count);
                    line.Field("sum", aggregate.Sum / unit);
                    line.Field("min", aggregate.Min / unit);
                    line.Field("mean", aggregate.Mean / unit);
                    line.Field("max", aggregate.Max / unit);
                    aggregate.Percentiles(Percentiles, values);
                    for (var i = 0; i < Percentiles.Length; i++)
                    {
                        line.Field(PercentileFields[i], values[i] / unit);
                    }

                    break;
            }

            points += line.End(timestampMs);
        }

        var generator = snapshot.Generator;
        var health = new Line(sb, GeneratorMeasurement, TagSet.Empty);
        health.Field("cpu_percent", generator.CpuPercent);
        health.Field("cpu_cores", generator.CpuCores);
        health.Field("gc_pause_ms", generator.GcPauseMs);
        health.Field("connections", generator.Connections);
        health.Field("scheduling_lag_p99_ms", generator.SchedulingLagP99Ms);
        health.Field("dropped_iterations", generator.DroppedIterations);
        points += health.End(timestampMs);

        foreach (var (kind, count) in snapshot.Errors)
        {
            var errors = new Line(sb, ErrorsMeasurement, TagSet.Of(("kind", kind.ToName())));
            errors.Field("count", count);
            points += errors.End(timestampMs);
        }

        return points;
    }

    /// <summary>Escapes a measurement name: commas and spaces.</summary>
    public static void AppendMeasurement(StringBuilder sb, string name) => AppendEscaped(sb, name, equalsToo: false);

    /// <summary>Escapes a tag key or value: commas, equals signs and spaces.</summary>
    public static void AppendTag(StringBuilder sb, string text) => AppendEscaped(sb, text, equalsToo: true);

    private static void AppendEscaped(StringBuilder sb, string text, bool equalsToo)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case ',' or ' ':
                case '=' when equalsToo:
                    sb.Append('\\').Append(c);
                    break;
                case '\n':
                    // A newline ends a point whatever precedes it; it cannot be escaped, only replaced.
                    sb.Append("\\n");
                    break;
                case '\r':
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
    }

    /// <summary>One point being written: the measurement and tags at once, fields as they come.</summary>
    private ref struct Line
    {
        private readonly StringBuilder _sb;
        private readonly int _start;
        private int _fields;

        public Line(StringBuilder sb, string measurement, TagSet tags)
        {
            _sb = sb;
            _start = sb.Length;
            AppendMeasurement(sb, measurement);
            foreach (var (key, value) in tags.Tags)
            {
                // InfluxDB refuses empty tag keys and values: a tag without a value is left out, as absent.
                if (key.Length == 0 || value.Length == 0)
                {
                    continue;
                }

                sb.Append(',');
                AppendTag(sb, key);
                sb.Append('=');
                AppendTag(sb, value);
            }
        }

        public void Field(string name, double value)
        {
            // Line protocol has no NaN or infinity: such a field is left out.
            if (!double.IsFinite(value))
            {
                return;
            }

            _sb.Append(_fields++ == 0 ? ' ' : ',');
            AppendTag(_sb, name);
            _sb.Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        /// <summary>Ends the point and returns 1, or removes it and returns 0 when it has no field.</summary>
        public readonly int End(long timestampMs)
        {
            if (_fields == 0)
            {
                _sb.Length = _start;
                return 0;
            }

            _sb.Append(' ').Append(timestampMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
            return 1;
        }
    }
}

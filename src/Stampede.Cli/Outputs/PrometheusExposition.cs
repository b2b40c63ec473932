using System.Globalization;
using System.Text;

namespace Stampede.Cli.Outputs;

/// <summary>The Prometheus text exposition format, version 0.0.4.</summary>
internal static class PrometheusExposition
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes every family: <c># HELP</c>, <c># TYPE</c>, then its samples, series in label order.</summary>
    public static void Write(TextWriter writer, IEnumerable<PrometheusFamily> families)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var line = new StringBuilder();
        foreach (var family in families)
        {
            if (family.Series.Count == 0)
            {
                continue;
            }

            writer.Write("# HELP ");
            writer.Write(family.Name);
            writer.Write(' ');
            writer.Write(EscapeHelp(family.Help));
            writer.Write("\n# TYPE ");
            writer.Write(family.Name);
            writer.Write(family.Type switch
            {
                PrometheusType.Counter => " counter\n",
                PrometheusType.Gauge => " gauge\n",
                _ => " histogram\n",
            });

            foreach (var series in family.Series.Values.OrderBy(s => s, SeriesOrder.Instance))
            {
                if (family.Type != PrometheusType.Histogram)
                {
                    WriteSample(writer, line, family.Name, series.Labels, null, series.Value);
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i < family.Bounds.Length; i++)
                {
                    cumulative += series.Buckets[i];
                    WriteSample(writer, line, family.Name + "_bucket", series.Labels, family.BoundLabels[i], cumulative);
                }

                WriteSample(writer, line, family.Name + "_bucket", series.Labels, "+Inf", series.Count);
                WriteSample(writer, line, family.Name + "_sum", series.Labels, null, series.Sum);
                WriteSample(writer, line, family.Name + "_count", series.Labels, null, series.Count);
            }
        }
    }

    /// <summary>A sample value as Prometheus reads it: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Escapes a label value: backslash, double quote and newline.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void WriteSample(TextWriter writer, StringBuilder line, string name, KeyValuePair<string, string>[] labels, string? le, double value)
    {
        line.Clear().Append(name);
        if (labels.Length > 0 || le is not null)
        {
            line.Append('{');
            var first = true;
            foreach (var (key, text) in labels)
            {
                line.Append(first ? "" : ",").Append(key).Append("=\"").Append(EscapeLabelValue(text)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                line.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            line.Append('}');
        }

        line.Append(' ').Append(FormatValue(value)).Append('\n');
        writer.Write(line);
    }

    /// <summary>Orders series by their labels, so the text is stable from one scrape to the next.</summary>
    private sealed class SeriesOrder : IComparer<PrometheusSeries>
    {
        public static readonly SeriesOrder Instance = new();

        public int Compare(PrometheusSeries? x, PrometheusSeries? y)
        {
            var a = x!.Labels;
            var b = y!.Labels;
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = string.CompareOrdinal(a[i].Key, b[i].Key);
                if (c == 0)
                {
                    c = string.CompareOrdinal(a[i].Value, b[i].Value);
                }

                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}

using System.Globalization;

namespace Stampede.Cli.Outputs;

/// <summary>What kind of Prometheus metric a family is.</summary>
internal enum PrometheusType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One metric family of a <see cref="PrometheusState"/>: its name, type, help and series by tag set.</summary>
internal sealed class PrometheusFamily(string name, PrometheusType type, string help, long[]? bounds = null, double boundUnit = 1)
{
    public string Name { get; } = name;

    public PrometheusType Type { get; } = type;

    public string Help { get; } = help;

    /// <summary>Histogram: upper bounds in the recording unit (µs for times), ascending.</summary>
    public long[] Bounds { get; } = bounds ?? [];

    /// <summary>Histogram: the <c>le</c> label of each bound, in the exposed unit (seconds for times).</summary>
    public string[] BoundLabels { get; } = bounds is null ? [] :
        [.. bounds.Select(b => PrometheusExposition.FormatValue(b / boundUnit))];

    /// <summary>Histogram: recording units per exposed unit (1e6 µs per second for times).</summary>
    public double BoundUnit { get; } = boundUnit;

    public Dictionary<Stampede.Metrics.TagSet, PrometheusSeries> Series { get; } = [];

    public PrometheusSeries Get(Stampede.Metrics.TagSet tags)
    {
        if (!Series.TryGetValue(tags, out var series))
        {
            series = new PrometheusSeries(PrometheusSeries.LabelsOf(tags), Bounds.Length);
            Series[tags] = series;
        }

        return series;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Type}, {Series.Count} series)");
}

/// <summary>One series' cumulative values.</summary>
internal sealed class PrometheusSeries(KeyValuePair<string, string>[] labels, int buckets)
{
    /// <summary>Sanitized label names with their values, sorted by name, empty values left out.</summary>
    public KeyValuePair<string, string>[] Labels { get; } = labels;

    /// <summary>Counter or gauge value.</summary>
    public double Value { get; set; }

    /// <summary>Histogram: values at or below each bound and above the previous one (not cumulative).</summary>
    public long[] Buckets { get; } = new long[buckets];

    /// <summary>Histogram: sum of the values, in the exposed unit.</summary>
    public double Sum { get; set; }

    /// <summary>Histogram: number of values.</summary>
    public long Count { get; set; }

    public static KeyValuePair<string, string>[] LabelsOf(Stampede.Metrics.TagSet tags)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags.Tags)
        {
            // In Prometheus an empty label value is the same as no label.
            if (value.Length > 0)
            {
                labels[PrometheusNames.Label(key)] = value;
            }
        }

        return [.. labels];
    }
}

using System.Text;
using Stampede.Metrics;

namespace Stampede.Cli.Outputs;

/// <summary>
/// How Stampede's metrics are named in Prometheus: <c>stampede_</c> + the k6 name + the unit and type suffix
/// (<c>_seconds</c> for time trends, <c>_bytes</c> for data counters, <c>_total</c> for counters), with names and
/// label names made to fit Prometheus's rules.
/// </summary>
public static class PrometheusNames
{
    /// <summary>Prefix of every metric.</summary>
    public const string Prefix = "stampede_";

    /// <summary>
    /// The family a metric is exposed as: counters <c>stampede_http_reqs_total</c> (data counters
    /// <c>stampede_data_sent_bytes_total</c>), rates <c>stampede_http_req_failed_total</c> (true samples; all samples
    /// are in <see cref="RateSamples"/>), gauges <c>stampede_vus</c>, time trends <c>stampede_http_req_duration_seconds</c>
    /// (a histogram), other trends <c>stampede_NAME</c>.
    /// </summary>
    public static string Family(MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var name = Base(metric.Name);
        return metric.Type switch
        {
            MetricType.Counter => name + (metric.IsData ? "_bytes_total" : "_total"),
            MetricType.Rate => name + "_total",
            MetricType.Trend when metric.IsTime => name + "_seconds",
            _ => name,
        };
    }

    /// <summary>The counter of all samples of a rate metric, true and false: <c>stampede_checks_samples_total</c>.</summary>
    public static string RateSamples(MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return Base(metric.Name) + "_samples_total";
    }

    /// <summary>A metric name made to fit <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, with the prefix once.</summary>
    internal static string Base(string metric)
    {
        var name = metric.StartsWith(Prefix, StringComparison.Ordinal) ? metric : Prefix + metric;
        return Sanitize(name, colonAllowed: true);
    }

    /// <summary>
    /// A tag key made a valid label name: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, other characters as <c>_</c>; names Prometheus
    /// reserves (a leading <c>__</c>) or that a histogram uses (<c>le</c>) get a <c>tag_</c> prefix.
    /// </summary>
    public static string Label(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var name = Sanitize(tag, colonAllowed: false);
        return name.StartsWith("__", StringComparison.Ordinal) || name == "le" ? "tag_" + name.TrimStart('_') : name;
    }

    private static string Sanitize(string name, bool colonAllowed)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var sb = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            sb.Append('_');
        }

        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (colonAllowed && c == ':') ? c : '_');
        }

        return sb.ToString();
    }
}

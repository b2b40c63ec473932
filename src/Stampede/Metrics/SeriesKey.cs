namespace Stampede.Metrics;

/// <summary>Identifies one time series: a metric and a tag set.</summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Tags">The tags.</param>
public readonly record struct SeriesKey(string Metric, TagSet Tags)
{
    /// <summary>k6's sub-metric form: <c>http_req_duration{name:login}</c>.</summary>
    public override string ToString() => Metric + Tags;
}

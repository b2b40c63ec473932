namespace Stampede.Metrics;

/// <summary>The four kinds of metric, with k6's semantics.</summary>
public enum MetricType
{
    /// <summary>A sum that only grows (<c>http_reqs</c>, <c>data_sent</c>).</summary>
    Counter,

    /// <summary>A value that goes up and down; the last, min and max are kept (<c>vus</c>).</summary>
    Gauge,

    /// <summary>A share of non-zero samples: passes and fails (<c>http_req_failed</c>, <c>checks</c>).</summary>
    Rate,

    /// <summary>A distribution kept in an HDR histogram (<c>http_req_duration</c>).</summary>
    Trend,
}

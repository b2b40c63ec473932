namespace Stampede.Metrics;

/// <summary>A metric's name and kind. Trends holding times are recorded in microseconds.</summary>
/// <param name="Name">The metric name, k6 style (<c>http_req_duration</c>).</param>
/// <param name="Type">Counter, gauge, rate or trend.</param>
/// <param name="IsTime">True when a trend holds durations (µs in histograms, ms in reports).</param>
/// <param name="IsData">True when a counter holds bytes.</param>
public sealed record MetricDefinition(string Name, MetricType Type, bool IsTime = false, bool IsData = false);

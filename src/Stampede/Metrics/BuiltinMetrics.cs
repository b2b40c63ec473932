namespace Stampede.Metrics;

/// <summary>The metrics Stampede records itself, with k6's names.</summary>
public static class BuiltinMetrics
{
    /// <summary>Requests completed (with or without a response).</summary>
    public static readonly MetricDefinition HttpReqs = new("http_reqs", MetricType.Counter);

    /// <summary>Response time: in the open model from the intended start, in the closed model from the send.</summary>
    public static readonly MetricDefinition HttpReqDuration = new("http_req_duration", MetricType.Trend, IsTime: true);

    /// <summary>Service time: from the actual send to completion. Recorded in the open model, where it can differ from the response time.</summary>
    public static readonly MetricDefinition HttpReqServiceTime = new("http_req_service_time", MetricType.Trend, IsTime: true);

    /// <summary>Time to first byte after the request was sent.</summary>
    public static readonly MetricDefinition HttpReqWaiting = new("http_req_waiting", MetricType.Trend, IsTime: true);

    /// <summary>TCP connect time (zero when a connection was reused).</summary>
    public static readonly MetricDefinition HttpReqConnecting = new("http_req_connecting", MetricType.Trend, IsTime: true);

    /// <summary>TLS handshake time (zero when a connection was reused or plain).</summary>
    public static readonly MetricDefinition HttpReqTlsHandshaking = new("http_req_tls_handshaking", MetricType.Trend, IsTime: true);

    /// <summary>Time spent writing the request.</summary>
    public static readonly MetricDefinition HttpReqSending = new("http_req_sending", MetricType.Trend, IsTime: true);

    /// <summary>Time spent reading the response after its first byte.</summary>
    public static readonly MetricDefinition HttpReqReceiving = new("http_req_receiving", MetricType.Trend, IsTime: true);

    /// <summary>Share of requests that failed (transport error or unexpected status).</summary>
    public static readonly MetricDefinition HttpReqFailed = new("http_req_failed", MetricType.Rate);

    /// <summary>Completed iterations.</summary>
    public static readonly MetricDefinition Iterations = new("iterations", MetricType.Counter);

    /// <summary>Duration of a whole iteration.</summary>
    public static readonly MetricDefinition IterationDuration = new("iteration_duration", MetricType.Trend, IsTime: true);

    /// <summary>Active virtual users.</summary>
    public static readonly MetricDefinition Vus = new("vus", MetricType.Gauge);

    /// <summary>Allocated virtual users.</summary>
    public static readonly MetricDefinition VusMax = new("vus_max", MetricType.Gauge);

    /// <summary>Iterations an arrival-rate executor could not start because no VU was free.</summary>
    public static readonly MetricDefinition DroppedIterations = new("dropped_iterations", MetricType.Counter);

    /// <summary>Bytes written to the network.</summary>
    public static readonly MetricDefinition DataSent = new("data_sent", MetricType.Counter, IsData: true);

    /// <summary>Bytes read from the network.</summary>
    public static readonly MetricDefinition DataReceived = new("data_received", MetricType.Counter, IsData: true);

    /// <summary>Check results (issue 3 records them).</summary>
    public static readonly MetricDefinition Checks = new("checks", MetricType.Rate);

    /// <summary>Generator health: actual minus intended start of open-model iterations.</summary>
    public static readonly MetricDefinition SchedulingLag = new("stampede_scheduling_lag", MetricType.Trend, IsTime: true);

    /// <summary>All built-in metrics, by name.</summary>
    public static readonly IReadOnlyDictionary<string, MetricDefinition> ByName = new[]
    {
        HttpReqs, HttpReqDuration, HttpReqServiceTime, HttpReqWaiting, HttpReqConnecting, HttpReqTlsHandshaking,
        HttpReqSending, HttpReqReceiving, HttpReqFailed, Iterations, IterationDuration, Vus, VusMax,
        DroppedIterations, DataSent, DataReceived, Checks, SchedulingLag,
    }.ToDictionary(m => m.Name, StringComparer.Ordinal);
}

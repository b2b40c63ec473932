namespace Stampede.Analysis;

/// <summary>The kinds of <see cref="Finding"/>.</summary>
public enum FindingKind
{
    /// <summary>Throughput stopped growing with load while latency climbed.</summary>
    Knee,

    /// <summary>Latency drifted upward across a phase of steady load.</summary>
    Degradation,

    /// <summary>One request name's p95 is far above its median.</summary>
    Instability,

    /// <summary>Errors came in a burst rather than spread over the run.</summary>
    ErrorBurst,

    /// <summary>The target answered a share of requests with 429 Too Many Requests.</summary>
    RateLimiting,

    /// <summary>The generator itself was the bottleneck: its CPU, scheduling lag or dropped iterations.</summary>
    GeneratorSaturation,

    /// <summary>Response time (from the intended start) far above service time (from the actual send).</summary>
    CoordinatedOmission,
}

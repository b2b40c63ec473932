using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Engine.Executors;

/// <summary>What every executor of one run shares.</summary>
internal sealed class RunContext(TimeProvider time, MetricsRecorder recorder, IHttpTransportFactory transports)
{
    private int _nextVuId;

    public TimeProvider Time { get; } = time;

    public MetricsRecorder Recorder { get; } = recorder;

    public IHttpTransportFactory Transports { get; } = transports;

    /// <summary>Test hook: a scheduler (pacer or ramp controller) finished step <c>n</c> (1-based) of a scenario.</summary>
    public Action<string, long>? PacerProgress { get; init; }

    public int NextVuId() => Interlocked.Increment(ref _nextVuId);
}

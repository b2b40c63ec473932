namespace Stampede.Metrics;

/// <summary>What one thread recorded during one interval. Written by one thread, read after a phase flip.</summary>
internal sealed class ShardBuffer
{
    public const int MaxDistinctMessages = 32;

    public Dictionary<RequestKey, RequestSeries> Requests { get; } = [];

    public Dictionary<int, IterationSeries> Iterations { get; } = [];

    public Dictionary<int, long> Dropped { get; } = [];

    /// <summary>Check results by check series: passes, fails.</summary>
    public Dictionary<int, CheckCounts> Checks { get; } = [];

    public TrendRecorder? SchedulingLag { get; set; }

    public long RequestsStarted { get; set; }

    public long RequestsInterrupted { get; set; }

    public long[] ErrorCounts { get; } = new long[Enum.GetValues<ErrorKind>().Length];

    public Dictionary<(ErrorKind Kind, string Message), long> Messages { get; } = [];

    public void Reset()
    {
        foreach (var series in Requests.Values)
        {
            series.Reset();
        }

        foreach (var series in Iterations.Values)
        {
            series.Reset();
        }

        Dropped.Clear();
        foreach (var counts in Checks.Values)
        {
            counts.Passes = 0;
            counts.Fails = 0;
        }

        SchedulingLag?.Reset();
        RequestsStarted = 0;
        RequestsInterrupted = 0;
        Array.Clear(ErrorCounts);
        Messages.Clear();
    }
}

/// <summary>Identifies a request series within a shard: base tags, status and error kind.</summary>
internal readonly record struct RequestKey(int SeriesId, int Status, ErrorKind Error);

/// <summary>Everything recorded for one request series in one shard interval.</summary>
internal sealed class RequestSeries
{
    public TrendRecorder Duration { get; } = new();

    public TrendRecorder ServiceTime { get; } = new();

    public TrendRecorder Waiting { get; } = new();

    public TrendRecorder Connecting { get; } = new();

    public TrendRecorder TlsHandshaking { get; } = new();

    public TrendRecorder Sending { get; } = new();

    public TrendRecorder Receiving { get; } = new();

    public long BytesSent { get; set; }

    public long BytesReceived { get; set; }

    public long Count => Duration.Count;

    public void Reset()
    {
        Duration.Reset();
        ServiceTime.Reset();
        Waiting.Reset();
        Connecting.Reset();
        TlsHandshaking.Reset();
        Sending.Reset();
        Receiving.Reset();
        BytesSent = 0;
        BytesReceived = 0;
    }
}

/// <summary>Iterations of one scenario in one shard interval.</summary>
internal sealed class IterationSeries
{
    public TrendRecorder Duration { get; } = new();

    public long Interrupted { get; set; }

    public void Reset()
    {
        Duration.Reset();
        Interrupted = 0;
    }
}

/// <summary>Check results of one check series in one shard interval.</summary>
internal sealed class CheckCounts
{
    public long Passes { get; set; }

    public long Fails { get; set; }
}

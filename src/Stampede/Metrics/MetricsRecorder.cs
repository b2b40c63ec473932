using System.Globalization;

namespace Stampede.Metrics;

/// <summary>
/// Records samples on the hot path into per-thread shards — no lock and no shared counter is touched
/// per request — and merges them once per interval in <see cref="Collect"/>.
/// </summary>
public sealed class MetricsRecorder : IDisposable
{
    [ThreadStatic]
    private static MetricsRecorder? _threadOwner;

    [ThreadStatic]
    private static RecorderShard? _threadShard;

    private readonly ThreadLocal<RecorderShard> _shardOfThread;
    private readonly List<RecorderShard> _shards = [];
    private readonly Lock _shardsGate = new();
    private readonly Lock _collectGate = new();
    private readonly Dictionary<RequestKey, TagSet> _requestTags = [];

    /// <summary>Creates a recorder with its own tag registry.</summary>
    public MetricsRecorder()
    {
        _shardOfThread = new ThreadLocal<RecorderShard>(NewShard);
    }

    /// <summary>Interned tag sets; samples carry their ids.</summary>
    public TagRegistry Tags { get; } = new();

    /// <summary>Counts a request as sent (for the accounting identity).</summary>
    public void RequestStarted()
    {
        var shard = Shard();
        var token = shard.Enter();
        shard.Active.RequestsStarted++;
        shard.Exit(token);
    }

    /// <summary>Records a finished request. <paramref name="errorMessage"/> is kept only for the first distinct messages.</summary>
    public void Record(in Sample sample, string? errorMessage = null)
    {
        var shard = Shard();
        var token = shard.Enter();
        try
        {
            var buffer = shard.Active;
            var key = new RequestKey(sample.SeriesId, sample.Status, sample.Error);
            if (!buffer.Requests.TryGetValue(key, out var series))
            {
                series = new RequestSeries();
                buffer.Requests[key] = series;
            }

            series.Duration.Record(Histograms.TicksToMicros(sample.End - sample.IntendedStart));
            series.ServiceTime.Record(Histograms.TicksToMicros(sample.End - sample.ActualStart));
            var phases = sample.Phases;
            series.Connecting.Record(Histograms.TicksToMicros(phases.Connecting));
            series.TlsHandshaking.Record(Histograms.TicksToMicros(phases.TlsHandshaking));
            series.Sending.Record(Histograms.TicksToMicros(phases.Sending));
            series.Waiting.Record(Histograms.TicksToMicros(phases.Waiting));
            series.Receiving.Record(Histograms.TicksToMicros(phases.Receiving));
            series.BytesSent += sample.BytesSent;
            series.BytesReceived += sample.BytesReceived;
            if (sample.Error != ErrorKind.None)
            {
                buffer.ErrorCounts[(int)sample.Error]++;
                if (errorMessage is not null)
                {
                    CountMessage(buffer, sample.Error, errorMessage);
                }
            }
        }
        finally
        {
            shard.Exit(token);
        }
    }

    /// <summary>Records a failure that is not a request's (an iteration that threw, for example).</summary>
    public void RecordError(ErrorKind kind, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var shard = Shard();
        var token = shard.Enter();
        var buffer = shard.Active;
        buffer.ErrorCounts[(int)kind]++;
        CountMessage(buffer, kind, message);
        shard.Exit(token);
    }

    /// <summary>Records a request cut off by the end of the run: it counts as in flight at stop, not as a failure.</summary>
    public void RecordInterrupted()
    {
        var shard = Shard();
        var token = shard.Enter();
        shard.Active.RequestsInterrupted++;
        shard.Exit(token);
    }

    /// <summary>Records an iteration of the scenario with tag-set id <paramref name="scenarioSeriesId"/>.</summary>
    public void RecordIteration(int scenarioSeriesId, long start, long end, bool interrupted)
    {
        var shard = Shard();
        var token = shard.Enter();
        try
        {
            var buffer = shard.Active;
            if (!buffer.Iterations.TryGetValue(scenarioSeriesId, out var series))
            {
                series = new IterationSeries();
                buffer.Iterations[scenarioSeriesId] = series;
            }

            if (interrupted)
            {
                series.Interrupted++;
            }
            else
            {
                series.Duration.Record(Histograms.TicksToMicros(end - start));
            }
        }
        finally
        {
            shard.Exit(token);
        }
    }

    /// <summary>Records how late an open-model iteration started (actual − intended), in ticks.</summary>
    public void RecordSchedulingLag(long ticks)
    {
        var shard = Shard();
        var token = shard.Enter();
        var buffer = shard.Active;
        (buffer.SchedulingLag ??= new TrendRecorder()).Record(Histograms.TicksToMicros(ticks));
        shard.Exit(token);
    }

    /// <summary>Counts a check result in the <c>checks</c> rate metric under the check's series (its tags name it).</summary>
    public void RecordCheck(int checkSeriesId, bool passed)
    {
        var shard = Shard();
        var token = shard.Enter();
        var checks = shard.Active.Checks;
        if (!checks.TryGetValue(checkSeriesId, out var counts))
        {
            counts = new CheckCounts();
            checks[checkSeriesId] = counts;
        }

        if (passed)
        {
            counts.Passes++;
        }
        else
        {
            counts.Fails++;
        }

        shard.Exit(token);
    }

    /// <summary>Counts an iteration that could not start because no VU was free.</summary>
    public void RecordDropped(int scenarioSeriesId)
    {
        var shard = Shard();
        var token = shard.Enter();
        var dropped = shard.Active.Dropped;
        dropped[scenarioSeriesId] = dropped.GetValueOrDefault(scenarioSeriesId) + 1;
        shard.Exit(token);
    }

    /// <summary>
    /// Swaps every shard's buffer and merges what was recorded since the last call. Called once per
    /// interval by one collector; concurrent calls are serialized.
    /// </summary>
    public CollectedInterval Collect()
    {
        lock (_collectGate)
        {
            RecorderShard[] shards;
            lock (_shardsGate)
            {
                shards = [.. _shards];
            }

            var result = new CollectedInterval();
            foreach (var shard in shards)
            {
                Merge(shard.Swap(), result);
            }

            return result;
        }
    }

    private void Merge(ShardBuffer buffer, CollectedInterval into)
    {
        into.RequestsStarted += buffer.RequestsStarted;
        into.RequestsInterrupted += buffer.RequestsInterrupted;
        foreach (var (key, series) in buffer.Requests)
        {
            if (series.Count == 0)
            {
                continue;
            }

            var tags = RequestTags(key);
            into.Series(BuiltinMetrics.HttpReqs, tags).AddCountBatch(series.Count);
            var failed = key.Error != ErrorKind.None;
            var rate = into.Series(BuiltinMetrics.HttpReqFailed, tags);
            rate.Passes += failed ? series.Count : 0;
            rate.Fails += failed ? 0 : series.Count;
            series.Duration.AddTo(into.Series(BuiltinMetrics.HttpReqDuration, tags));
            series.ServiceTime.AddTo(into.Series(BuiltinMetrics.HttpReqServiceTime, tags));
            series.Waiting.AddTo(into.Series(BuiltinMetrics.HttpReqWaiting, tags));
            series.Connecting.AddTo(into.Series(BuiltinMetrics.HttpReqConnecting, tags));
            series.TlsHandshaking.AddTo(into.Series(BuiltinMetrics.HttpReqTlsHandshaking, tags));
            series.Sending.AddTo(into.Series(BuiltinMetrics.HttpReqSending, tags));
            series.Receiving.AddTo(into.Series(BuiltinMetrics.HttpReqReceiving, tags));
            into.Series(BuiltinMetrics.DataSent, tags).AddCountBatch(series.BytesSent);
            into.Series(BuiltinMetrics.DataReceived, tags).AddCountBatch(series.BytesReceived);
        }

        foreach (var (seriesId, series) in buffer.Iterations)
        {
            var tags = Tags[seriesId];
            if (series.Duration.Count > 0)
            {
                into.Series(BuiltinMetrics.Iterations, tags).AddCountBatch(series.Duration.Count);
                series.Duration.AddTo(into.Series(BuiltinMetrics.IterationDuration, tags));
            }
        }

        foreach (var (seriesId, count) in buffer.Dropped)
        {
            into.Series(BuiltinMetrics.DroppedIterations, Tags[seriesId]).AddCountBatch(count);
            into.Dropped += count;
        }

        foreach (var (seriesId, counts) in buffer.Checks)
        {
            if (counts.Passes + counts.Fails > 0)
            {
                var rate = into.Series(BuiltinMetrics.Checks, Tags[seriesId]);
                rate.Passes += counts.Passes;
                rate.Fails += counts.Fails;
            }
        }

        if (buffer.SchedulingLag is { Count: > 0 } lag)
        {
            into.SchedulingLag ??= new MetricAggregate(BuiltinMetrics.SchedulingLag, TagSet.Empty);
            lag.AddTo(into.SchedulingLag);
        }

        for (var kind = 0; kind < buffer.ErrorCounts.Length; kind++)
        {
            if (buffer.ErrorCounts[kind] > 0)
            {
                into.Errors[(ErrorKind)kind] = into.Errors.GetValueOrDefault((ErrorKind)kind) + buffer.ErrorCounts[kind];
            }
        }

        foreach (var (message, count) in buffer.Messages)
        {
            into.Messages[message] = into.Messages.GetValueOrDefault(message) + count;
        }
    }

    private TagSet RequestTags(RequestKey key)
    {
        if (!_requestTags.TryGetValue(key, out var tags))
        {
            tags = Tags[key.SeriesId].With("status", key.Status.ToString(CultureInfo.InvariantCulture));
            if (key.Status == 0 && key.Error != ErrorKind.None)
            {
                tags = tags.With("error", key.Error.ToName());
            }

            _requestTags[key] = tags;
        }

        return tags;
    }

    private static void CountMessage(ShardBuffer buffer, ErrorKind kind, string message)
    {
        var key = (kind, message);
        if (buffer.Messages.TryGetValue(key, out var count))
        {
            buffer.Messages[key] = count + 1;
        }
        else if (buffer.Messages.Count < ShardBuffer.MaxDistinctMessages)
        {
            buffer.Messages[key] = 1;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _shardOfThread.Dispose();

    private RecorderShard Shard()
    {
        if (ReferenceEquals(_threadOwner, this))
        {
            return _threadShard!;
        }

        var shard = _shardOfThread.Value!;
        _threadOwner = this;
        _threadShard = shard;
        return shard;
    }

    private RecorderShard NewShard()
    {
        var shard = new RecorderShard();
        lock (_shardsGate)
        {
            _shards.Add(shard);
        }

        return shard;
    }
}

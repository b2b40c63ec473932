using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Outputs;

/// <summary>
/// The shared machinery of outputs that send intervals to a server over HTTP. <see cref="OnInterval"/> (on the
/// collector) only encodes the interval and queues it; a background task sends what is queued, several
/// intervals per request when behind, and retries connection failures, timeouts, 408, 429 and 5xx with
/// exponential back-off and jitter. Other 4xx responses will never succeed: the batch is dropped, counted and
/// its error kept. A full queue drops its oldest interval and counts it. The collector never waits, except at
/// <see cref="OnCompleted"/>, which gives what is left up to <see cref="DeliveryOptions.FlushTimeout"/>.
/// </summary>
public abstract class BatchingOutput : IOutputSink
{
    private const int MaxErrorBody = 300;
    private readonly Channel<OutputPayload> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _client;
    private readonly TimeProvider _time;
    private readonly string _kind;
    private readonly string _target;
    private Task? _sender;
    private long _lastTimestamp = long.MinValue;
    private long _batches;
    private long _sent;
    private long _dropped;
    private long _retries;
    private volatile string? _lastError;
    private int _completed;

    /// <summary>Creates the output; nothing is sent before the first interval.</summary>
    /// <param name="kind">The kind as on the command line, for the status line.</param>
    /// <param name="target">Where it sends, as shown to the user (no credentials).</param>
    /// <param name="options">Batching and retry settings; null for the defaults.</param>
    protected BatchingOutput(string kind, string target, DeliveryOptions? options)
    {
        Options = options ?? new DeliveryOptions();
        Options.Validate();
        _kind = kind;
        _target = target;
        _time = Options.Time;
        _queue = Channel.CreateBounded<OutputPayload>(
            new BoundedChannelOptions(Options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = true,
            },
            dropped => Interlocked.Add(ref _dropped, dropped.Points));

        // A client for a metrics store: no proxy, redirects, cookies or decompression; its own timeout.
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = Options.RequestTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = Options.RequestTimeout,
        };
    }

    /// <summary>The settings in use.</summary>
    public DeliveryOptions Options { get; }

    /// <summary>After the run: one line when something was dropped, empty when everything was delivered.</summary>
    IReadOnlyList<string> IOutputSink.Warnings => Status is { Dropped: > 0 } status
        ? [string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"output {status.Kind} {status.Target}: {status.Dropped:N0} {Unit} dropped, not delivered") +
            (status.LastError is { } error ? $" (last error: {error})" : "")]
        : [];

    /// <summary>What has been sent, dropped and failed so far.</summary>
    public OutputStatus Status => new(_kind, _target, Interlocked.Read(ref _batches), Interlocked.Read(ref _sent),
        Interlocked.Read(ref _dropped), Interlocked.Read(ref _retries), _lastError)
    {
        Unit = Unit,
    };

    /// <summary>What <see cref="OutputStatus.Sent"/> counts: <c>points</c> or <c>samples</c>.</summary>
    protected virtual string Unit => "points";

    /// <summary>Test hook: a failed attempt is followed by this back-off.</summary>
    internal event Action<TimeSpan>? BackingOff;

    /// <summary>
    /// Encodes one interval, quickly and without I/O (it runs on the collector). Null when there is nothing to send.
    /// </summary>
    /// <param name="snapshot">The interval.</param>
    /// <param name="timestampMs">Unix time in ms to stamp it with: the interval's end, moved past the previous one's if needed.</param>
    protected abstract OutputPayload? Encode(IntervalSnapshot snapshot, long timestampMs);

    /// <summary>The request that carries <paramref name="body"/>, the concatenated payloads of one batch.</summary>
    protected abstract HttpRequestMessage CreateRequest(byte[] body);

    /// <inheritdoc />
    public void OnInterval(IntervalSnapshot snapshot, RunProgress progress)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Volatile.Read(ref _completed) != 0)
        {
            return;
        }

        // Two intervals stamped with the same millisecond would overwrite each other (InfluxDB) or be
        // rejected as a duplicate sample (Prometheus): the short last interval of a run can end in the same ms.
        var timestamp = snapshot.Time.ToUnixTimeMilliseconds();
        timestamp = Math.Max(timestamp, _lastTimestamp + 1);
        _lastTimestamp = timestamp;
        if (Encode(snapshot, timestamp) is not { } payload)
        {
            return;
        }

        _sender ??= Task.Run(() => SendLoopAsync(_stop.Token));
        _queue.Writer.TryWrite(payload);
    }

    /// <inheritdoc />
    public void OnCompleted(RunResult result) => FlushAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Stops taking intervals and waits up to <see cref="DeliveryOptions.FlushTimeout"/> for the queue to be sent;
    /// what is left then is dropped and counted. Safe to call more than once.
    /// </summary>
    public async Task FlushAsync()
    {
        Interlocked.Exchange(ref _completed, 1);
        _queue.Writer.TryComplete();
        if (_sender is not { } sender)
        {
            return;
        }

        try
        {
            await sender.WaitAsync(Options.FlushTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await sender.ConfigureAwait(false);
            var gaveUp = string.Create(CultureInfo.InvariantCulture, $"not everything was sent within the flush timeout of {Options.FlushTimeout.TotalSeconds:0.#} s");
            _lastError = _lastError is null ? gaveUp : $"{_lastError} ({gaveUp})";
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _completed, 1);
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_sender is { } sender)
        {
            await sender.ConfigureAwait(false);
        }

        _client.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The back-off before attempt <paramref name="failures"/> + 1: doubling from the initial one up to the maximum, the upper half of it at random.</summary>
    internal static TimeSpan Backoff(DeliveryOptions options, int failures, double random)
    {
        var ceiling = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 30));
        var full = Math.Min(ceiling, options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((full / 2) + (random * full / 2));
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        var batch = new List<OutputPayload>(Options.MaxIntervalsPerRequest);
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < Options.MaxIntervalsPerRequest && reader.TryRead(out var payload))
                {
                    batch.Add(payload);
                }

                if (batch.Count > 0)
                {
                    await SendAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the flush deadline or on dispose: what was not sent is dropped.
            Interlocked.Add(ref _dropped, Points(batch));
            while (reader.TryRead(out var left))
            {
                Interlocked.Add(ref _dropped, left.Points);
            }
        }
    }

    private async Task SendAsync(List<OutputPayload> batch, CancellationToken cancellationToken)
    {
        var body = Concatenate(batch);
        var points = Points(batch);
        for (var failures = 0; ; failures++)
        {
            var (outcome, error) = await AttemptAsync(body, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case Outcome.Sent:
                    Interlocked.Increment(ref _batches);
                    Interlocked.Add(ref _sent, points);
                    return;
                case Outcome.Rejected:
                    _lastError = error;
                    Interlocked.Add(ref _dropped, points);
                    return;
                default:
                    _lastError = error;
                    Interlocked.Increment(ref _retries);
                    var delay = Backoff(Options, failures, Random.Shared.NextDouble());
                    BackingOff?.Invoke(delay);
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task<(Outcome Outcome, string? Error)> AttemptAsync(byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest(body);
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return (Outcome.Sent, null);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = text.Trim().ReplaceLineEndings(" ");
            if (text.Length > MaxErrorBody)
            {
                text = text[..MaxErrorBody] + "…";
            }

            var status = (int)response.StatusCode;
            var message = $"HTTP {status} {response.ReasonPhrase}" + (text.Length > 0 ? $": {text}" : "");
            var retry = status is 408 or 429 || status >= 500;
            return (retry ? Outcome.Retry : Outcome.Rejected, retry ? message : message + " (not retried: the same data would be refused again)");
        }
        catch (HttpRequestException ex)
        {
            return (Outcome.Retry, ex.HttpRequestError == HttpRequestError.ConnectionError
                ? $"cannot connect: {ex.Message}" : ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Outcome.Retry, string.Create(CultureInfo.InvariantCulture, $"no answer within {Options.RequestTimeout.TotalSeconds:0.#} s"));
        }
    }

    private static byte[] Concatenate(List<OutputPayload> batch)
    {
        if (batch.Count == 1)
        {
            return batch[0].Data;
        }

        var length = 0;
        foreach (var payload in batch)
        {
            length += payload.Data.Length;
        }

        var body = new byte[length];
        var at = 0;
        foreach (var payload in batch)
        {
            payload.Data.CopyTo(body, at);
            at += payload.Data.Length;
        }

        return body;
    }

    private static long Points(List<OutputPayload> batch)
    {
        long points = 0;
        foreach (var payload in batch)
        {
            points += payload.Points;
        }

        return points;
    }

    private enum Outcome
    {
        Sent,
        Retry,
        Rejected,
    }
}

using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Stampede.Metrics;

namespace Stampede.Http.Fast;

/// <summary>
/// Stampede's own HTTP/1.1 client for one VU: one keep-alive connection per origin, requests serialized
/// once into wire bytes, responses parsed in place from a pooled buffer. No allocation per request on
/// the steady path (a reused connection, no body capture).
/// </summary>
/// <remarks>
/// Behaves like SocketsHttpHandler where a load test can tell: the same request framing (Host,
/// Content-Length), pipelining off, interim (1xx) responses skipped, trailers read and dropped, and a
/// request that fails on a reused connection before any response byte arrived (the server closed an
/// idle connection) is sent again once on a new connection. Unlike the handler it follows no
/// redirects, uses no proxy and speaks only HTTP/1.1; <see cref="HttpTransportFactory"/> chooses the
/// handler for those.
/// </remarks>
internal sealed class Http1Transport : IHttpTransport
{
    private const int EncodedCacheSize = 8;
    private const int MaxConnections = 16;
    private const int InitialCaptureSize = 4 * 1024;

    /// <summary><see cref="_deadline"/> once the watchdog has timed the request out.</summary>
    private const long TimedOut = -1;

    private static readonly Action<object?> AbortActive = static state =>
    {
        var transport = (Http1Transport)state!;
        var active = transport._active;
        var connectAbort = transport._connectAbort;
        active?.Abort();
        connectAbort?.Cancel();
    };

    private readonly HttpTransportFactory? _factory;
    private readonly HttpSettings _settings;
    private readonly TlsMaterial _tls;
    private readonly Func<Origin, SslClientAuthenticationOptions> _tlsOptions;
    private readonly HttpRequestDefinition?[] _encodedKeys = new HttpRequestDefinition?[EncodedCacheSize];
    private readonly EncodedRequest?[] _encoded = new EncodedRequest?[EncodedCacheSize];
    private readonly ConnectTimes _times = new();
    private readonly ExchangeState _exchange = new();
    private HeaderCapture _captureHeaders;
    private readonly List<Http1Connection> _connections = [];
    private int _encodedNext;
    private readonly TimeoutWatchdog? _watchdog;
    private CancellationToken _callerToken;
    private CancellationTokenRegistration _callerRegistration;
    private long _deadline;
    private volatile CancellationTokenSource? _connectAbort;
    private volatile Http1Connection? _active;
    private readonly TlsHandshakeObserver _handshake;
    private int _disposed;

    public Http1Transport(HttpTransportFactory? factory, HttpSettings settings, TlsMaterial tls, TimeoutWatchdog? watchdog)
    {
        _factory = factory;
        _settings = settings;
        _tls = tls;
        _handshake = new TlsHandshakeObserver(tls);
        _tlsOptions = TlsOptions;
        _watchdog = watchdog;
        watchdog?.Add(this);
    }

    /// <inheritdoc />
    public ValueTask<HttpExchange> SendAsync(HttpRequestDefinition request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var encoded = Encoded(request);
        var start = Stopwatch.GetTimestamp();
        if (encoded.Invalid is { } invalid)
        {
            return new ValueTask<HttpExchange>(new HttpExchange(0, ErrorKind.Other, invalid, start, start, 0, 0, default, default));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<HttpExchange>(new HttpExchange(0, ErrorKind.Cancelled, "cancelled: the run stopped before the request was sent",
                start, start, 0, 0, default, default));
        }

        // One registration per token, not per request: the run's stop token is the same for every request of a VU.
        if (!cancellationToken.Equals(_callerToken))
        {
            _callerRegistration.Dispose();
            _callerToken = cancellationToken;
            _callerRegistration = cancellationToken.UnsafeRegister(AbortActive, this);
        }

        var timeout = request.Timeout ?? _settings.Timeout;
        Volatile.Write(ref _deadline, timeout == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : start + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
        _times.Reset();
        _exchange.Reset(request.CaptureBody ? _settings.MaxCapturedBodyBytes : 0);
        _captureHeaders = request.CaptureHeaders;
        return SendCoreAsync(encoded, start, timeout, cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watchdog?.Remove(this);
        _callerRegistration.Dispose();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _connections.Clear();
    }

    /// <summary>Called by the watchdog: fails the request in flight if its deadline has passed.</summary>
    internal void CheckDeadline(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline > 0 && now >= deadline && Interlocked.CompareExchange(ref _deadline, TimedOut, deadline) == deadline)
        {
            // Both read first: aborting may complete the request, and its VU may start the next one at once.
            var active = _active;
            var connectAbort = _connectAbort;
            active?.Abort();
            connectAbort?.Cancel();
        }
    }

    /// <summary>
    /// The request: connect if needed, write it, read the response (after any interim ones) and its
    /// body. One state machine, awaiting the socket directly.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpExchange> SendCoreAsync(EncodedRequest request, long start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var state = _exchange;
        Http1Connection? connection = null;
        var openedTls = false;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                connection = Reusable(request.Origin);
                var reused = connection is not null;
                if (connection is null)
                {
                    openedTls = request.Origin.Tls;
                    connection = await OpenAsync(request.Origin, cancellationToken).ConfigureAwait(false);
                }

                _active = connection;

                // A timeout or stop that fired before the connection became abortable must still stop the request.
                if (Volatile.Read(ref _deadline) == TimedOut || cancellationToken.IsCancellationRequested)
                {
                    connection.Abort();
                }

                try
                {
                    // Write the request.
                    state.SendStart = reused ? start : Stopwatch.GetTimestamp();
                    ReadOnlyMemory<byte> data = request.Head;
                    for (var part = 0; part < 2; part++)
                    {
                        while (!data.IsEmpty)
                        {
                            var sent = await connection.SendAsync(data).ConfigureAwait(false);
                            connection.Sent(sent);
                            data = data[sent..];
                        }

                        data = request.Body;
                    }

                    state.SendEnd = Stopwatch.GetTimestamp();

                    // Read the head; skip interim (1xx) responses.
                    ResponseHead head;
                    while (true)
                    {
                        var parsed = ResponseHeadParser.TryParse(connection.Buffered, request.IsHead, out head, out var consumed, out var error);
                        if (parsed == HeadParseStatus.Complete)
                        {
                            if (head.Status >= 200 && _captureHeaders != HeaderCapture.None)
                            {
                                state.Headers = ResponseHeadParser.ReadHeaders(connection.Buffered[..consumed], _captureHeaders);
                            }

                            connection.Consume(consumed);
                            if (head.Status >= 200)
                            {
                                break;
                            }

                            if (head.Status == 101)
                            {
                                throw new Http1Exception(ErrorKind.Protocol,
                                    "invalid response: 101 Switching Protocols to a request that asked for no upgrade");
                            }

                            continue;
                        }

                        if (parsed == HeadParseStatus.Invalid)
                        {
                            throw new Http1Exception(ErrorKind.Protocol, "invalid response: " + error);
                        }

                        if (connection.BufferedCount >= Http1Connection.MaxHeadSize)
                        {
                            throw new Http1Exception(ErrorKind.Protocol,
                                $"response over a limit: the response headers exceed {Http1Connection.MaxHeadSize / 1024} KiB");
                        }

                        Filled(await connection.ReceiveAsync().ConfigureAwait(false), connection, state);
                    }

                    state.Status = head.Status;
                    if (!head.KeepAlive)
                    {
                        connection.Broken = true;
                    }

                    // Read the body.
                    switch (head.Framing)
                    {
                        case BodyFraming.ContentLength:
                            var remaining = head.ContentLength;
                            state.Reserve(remaining);
                            while (true)
                            {
                                var take = (int)Math.Min(remaining, connection.BufferedCount);
                                state.Keep(connection.Buffered[..take]);
                                connection.Consume(take);
                                remaining -= take;
                                if (remaining == 0)
                                {
                                    break;
                                }

                                Filled(await connection.ReceiveAsync().ConfigureAwait(false), connection, state);
                            }

                            break;

                        case BodyFraming.Chunked:
                            var decoder = default(ChunkedDecoder);
                            while (true)
                            {
                                var chunk = decoder.Decode(connection.Buffered, out var used, out var dataOffset, out var dataLength);
                                state.Keep(connection.Buffered.Slice(dataOffset, dataLength));
                                connection.Consume(used);
                                if (chunk == ChunkStatus.Done)
                                {
                                    break;
                                }

                                if (chunk == ChunkStatus.Invalid)
                                {
                                    throw new Http1Exception(ErrorKind.Protocol, "invalid response: malformed chunked encoding in the body");
                                }

                                if (chunk == ChunkStatus.NeedMoreData)
                                {
                                    Filled(await connection.ReceiveAsync().ConfigureAwait(false), connection, state);
                                }
                            }

                            break;

                        case BodyFraming.UntilClose:
                            connection.Broken = true;
                            while (true)
                            {
                                state.Keep(connection.Buffered);
                                connection.Consume(connection.BufferedCount);
                                var n = await connection.ReceiveAsync().ConfigureAwait(false);
                                if (n == 0)
                                {
                                    break;
                                }

                                connection.Received(n);
                            }

                            break;

                        default:
                            break;
                    }

                    var end = Stopwatch.GetTimestamp();
                    _active = null;
                    Interlocked.Exchange(ref _deadline, 0);
                    TakeBytes(connection, state);
                    if (connection.Broken || connection.BufferedCount != 0)
                    {
                        // Closed by the server, or bytes beyond the response (never valid without pipelining).
                        Drop(connection);
                    }
                    else
                    {
                        connection.ReleaseBuffer();
                    }

                    return new HttpExchange(state.Status, ErrorKind.None, null, start, end, state.Sent, state.Received,
                        Phases(end, state), state.Body(), state.Headers);
                }
                catch (Exception ex) when (reused && attempt == 0 && state.FirstByteAt == 0 && Volatile.Read(ref _deadline) != TimedOut
                    && !cancellationToken.IsCancellationRequested && IsStaleConnection(ex))
                {
                    // The server closed the idle connection as we reused it: send once more on a new one.
                    _active = null;
                    TakeBytes(connection, state);
                    Drop(connection);
                    connection = null;
                    state.SendStart = 0;
                    state.SendEnd = 0;
                }
            }
        }
#pragma warning disable CA1031 // Request failures are data: every exception becomes an error kind.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var end = Stopwatch.GetTimestamp();
            _active = null;
            var timedOut = Interlocked.Exchange(ref _deadline, 0) == TimedOut;
            if (connection is not null)
            {
                TakeBytes(connection, state);
                Drop(connection);
            }

            var (kind, text) = Classify(ex, cancellationToken.IsCancellationRequested, timedOut, timeout, openedTls && state.FirstByteAt == 0);
            return new HttpExchange(state.Status, kind, text, start, end, state.Sent, state.Received, Phases(end, state), default);
        }
    }

    /// <summary>Connects within what is left of the request's timeout; set-up times go to <see cref="_times"/>.</summary>
    private async ValueTask<Http1Connection> OpenAsync(Origin origin, CancellationToken cancellationToken)
    {
        // Connecting is rare (once per VU and origin), so it may allocate a token source for its timeout.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = Volatile.Read(ref _deadline);
        if (deadline != long.MaxValue)
        {
            abort.CancelAfter(TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
        }

        _connectAbort = abort;
        _handshake.Reset();
        try
        {
            var connection = await Http1Connection.OpenAsync(origin, _tlsOptions, _factory, _times, abort.Token).ConfigureAwait(false);
            Keep(connection);
            return connection;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _deadline, TimedOut);
            throw;
        }
        finally
        {
            _connectAbort = null;
        }
    }

    private static void Filled(int received, Http1Connection connection, ExchangeState state)
    {
        if (received == 0)
        {
            connection.Broken = true;
            throw new Http1Exception(ErrorKind.ConnectionReset, "connection closed by the server before the response ended");
        }

        connection.Received(received);
        if (state.FirstByteAt == 0)
        {
            state.FirstByteAt = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>A failure that means the connection was already dead when the request was written to it.</summary>
    private static bool IsStaleConnection(Exception exception) =>
        exception is Http1Exception { Kind: ErrorKind.ConnectionReset } or SocketException or IOException or ObjectDisposedException;

    private (ErrorKind Kind, string Message) Classify(Exception exception, bool callerCancelled, bool timedOut, TimeSpan timeout,
        bool noResponseOnNewTlsConnection)
    {
        if (exception is Http1Exception own && !callerCancelled && !timedOut)
        {
            if (own.Kind == ErrorKind.ConnectionReset && noResponseOnNewTlsConnection && _handshake.ClientCertificateRequested
                && _tls.ClientCertificate is null)
            {
                return (ErrorKind.Tls, "TLS handshake failed: the server requires a client certificate (pass --cert/--key)");
            }

            return (own.Kind, own.Message);
        }

        var context = new FailureContext(
            CallerCancelled: callerCancelled,
            TimedOut: timedOut,
            Timeout: timeout,
            TlsRejection: _handshake.Rejection,
            HasClientCertificate: _tls.ClientCertificate is not null,
            ClientCertificateDemanded: _handshake.ClientCertificateRequested && noResponseOnNewTlsConnection);
        return HttpErrorClassifier.Classify(exception, context);
    }

    private RequestPhases Phases(long end, ExchangeState state)
    {
        // Without a write (connect failed) there is only set-up; without a first byte, waiting ran to the end.
        if (state.SendEnd == 0)
        {
            return new RequestPhases(_times.Connecting, _times.TlsHandshaking, 0, 0, 0);
        }

        var firstByte = state.FirstByteAt != 0 ? state.FirstByteAt : end;
        return new RequestPhases(_times.Connecting, _times.TlsHandshaking, state.SendEnd - state.SendStart,
            firstByte - state.SendEnd, end - firstByte);
    }

    private static void TakeBytes(Http1Connection connection, ExchangeState state)
    {
        state.Sent += connection.TakeWritten();
        state.Received += connection.TakeRead();
    }

    private EncodedRequest Encoded(HttpRequestDefinition request)
    {
        for (var i = 0; i < EncodedCacheSize; i++)
        {
            if (ReferenceEquals(_encodedKeys[i], request))
            {
                return _encoded[i]!;
            }
        }

        var encoded = EncodedRequest.Encode(request);
        var slot = _encodedNext;
        _encodedNext = (slot + 1) % EncodedCacheSize;
        _encodedKeys[slot] = request;
        _encoded[slot] = encoded;
        return encoded;
    }

    private Http1Connection? Reusable(Origin origin)
    {
        for (var i = 0; i < _connections.Count; i++)
        {
            var connection = _connections[i];
            if (connection.Origin.Equals(origin))
            {
                if (!connection.Broken)
                {
                    return connection;
                }

                _connections.RemoveAt(i);
                connection.Dispose();
                return null;
            }
        }

        return null;
    }

    private void Keep(Http1Connection connection)
    {
        if (_connections.Count >= MaxConnections)
        {
            _connections[0].Dispose();
            _connections.RemoveAt(0);
        }

        _connections.Add(connection);
    }

    private void Drop(Http1Connection connection)
    {
        _connections.Remove(connection);
        connection.Dispose();
    }

    private SslClientAuthenticationOptions TlsOptions(Origin origin) => new()
    {
        TargetHost = origin.Host,
        RemoteCertificateValidationCallback = _handshake.ValidateServerCertificate,
        LocalCertificateSelectionCallback = _handshake.SelectClientCertificate,
        ApplicationProtocols = [SslApplicationProtocol.Http11],
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>
    /// What the request in flight has seen so far. One per transport, reset per request (a VU sends one
    /// request at a time); a class so the async steps share it without copying.
    /// </summary>
    private sealed class ExchangeState
    {
        private byte[]? _body;
        private int _length;

        public int Capture { get; private set; }

        public int Status { get; set; }

        public List<KeyValuePair<string, string>>? Headers { get; set; }

        public long SendStart { get; set; }

        public long SendEnd { get; set; }

        public long FirstByteAt { get; set; }

        public long Sent { get; set; }

        public long Received { get; set; }

        public void Reset(int capture)
        {
            Capture = capture;
            Status = 0;
            Headers = null;
            SendStart = 0;
            SendEnd = 0;
            FirstByteAt = 0;
            Sent = 0;
            Received = 0;
            _body = null;
            _length = 0;
        }

        public void Reserve(long expected)
        {
            if (Capture > 0 && _body is null)
            {
                _body = new byte[(int)Math.Min(Capture, Math.Max(expected, 0))];
            }
        }

        public void Keep(ReadOnlySpan<byte> data)
        {
            var keep = Math.Min(data.Length, Capture - _length);
            if (keep <= 0)
            {
                return;
            }

            if (_body is null || _length + keep > _body.Length)
            {
                var size = (int)Math.Min(Capture, Math.Max(Math.Max(InitialCaptureSize, (long)(_body?.Length ?? 0) * 2), _length + keep));
                Array.Resize(ref _body, size);
            }

            data[..keep].CopyTo(_body.AsSpan(_length));
            _length += keep;
        }

        public ReadOnlyMemory<byte> Body() => _body is null ? ReadOnlyMemory<byte>.Empty : _body.AsMemory(0, _length);
    }
}

/// <summary>A failure the HTTP/1.1 client detected itself, with its kind decided.</summary>
internal sealed class Http1Exception(ErrorKind kind, string message) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;
}

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

    private static readonly Action<object?> CancelSource = static state => ((CancellationTokenSource)state!).Cancel();
    private static readonly Action<object?> AbortActive = static state => ((Http1Transport)state!)._active?.Abort();

    private readonly HttpTransportFactory? _factory;
    private readonly HttpSettings _settings;
    private readonly TlsMaterial _tls;
    private readonly Func<Origin, SslClientAuthenticationOptions> _tlsOptions;
    private readonly HttpRequestDefinition?[] _encodedKeys = new HttpRequestDefinition?[EncodedCacheSize];
    private readonly EncodedRequest?[] _encoded = new EncodedRequest?[EncodedCacheSize];
    private readonly ConnectTimes _times = new();
    private readonly ExchangeState _exchange = new();
    private readonly List<Http1Connection> _connections = [];
    private int _encodedNext;
    private CancellationTokenSource? _timeoutSource = new();
    private volatile Http1Connection? _active;
    private volatile string? _tlsRejection;
    private volatile bool _clientCertificateRequested;
    private int _disposed;

    public Http1Transport(HttpTransportFactory? factory, HttpSettings settings, TlsMaterial tls)
    {
        _factory = factory;
        _settings = settings;
        _tls = tls;
        _tlsOptions = TlsOptions;
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HttpExchange> SendAsync(HttpRequestDefinition request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var encoded = Encoded(request);
        var start = Stopwatch.GetTimestamp();
        if (encoded.Invalid is { } invalid)
        {
            return new HttpExchange(0, ErrorKind.Other, invalid, start, start, 0, 0, default, default);
        }

        var timeout = request.Timeout ?? _settings.Timeout;
        var timeoutSource = RentTimeoutSource();
        timeoutSource.CancelAfter(timeout);
        var callerRegistration = cancellationToken.UnsafeRegister(CancelSource, timeoutSource);
        var abortRegistration = timeoutSource.Token.UnsafeRegister(AbortActive, this);
        _times.Reset();
        _tlsRejection = null;
        _clientCertificateRequested = false;

        var exchange = _exchange;
        exchange.Reset(request.CaptureBody ? _settings.MaxCapturedBodyBytes : 0);
        Http1Connection? connection = null;
        var openedTls = false;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                connection = Reusable(encoded.Origin);
                var reused = connection is not null;
                if (connection is null)
                {
                    openedTls = encoded.Origin.Tls;
                    connection = await Http1Connection.OpenAsync(encoded.Origin, _tlsOptions, _factory, _times, timeoutSource.Token)
                        .ConfigureAwait(false);
                    Keep(connection);
                }

                _active = connection;

                // A timeout that fired before the connection became abortable must still stop the request.
                if (timeoutSource.IsCancellationRequested)
                {
                    connection.Abort();
                    throw new OperationCanceledException(timeoutSource.Token);
                }

                try
                {
                    var status = await ExchangeAsync(connection, encoded, exchange).ConfigureAwait(false);
                    var end = Stopwatch.GetTimestamp();
                    TakeBytes(connection, exchange);
                    connection.Served++;
                    if (connection.Broken || connection.BufferedCount != 0)
                    {
                        // Closed by the server, or bytes beyond the response (never valid without pipelining).
                        Drop(connection);
                    }
                    else
                    {
                        connection.ReleaseBuffer();
                    }

                    return new HttpExchange(status, ErrorKind.None, null, start, end, exchange.Sent, exchange.Received,
                        Phases(end, exchange), exchange.Body());
                }
                catch (Exception ex) when (reused && attempt == 0 && exchange.FirstByteAt == 0 && !timeoutSource.IsCancellationRequested
                    && IsStaleConnection(ex))
                {
                    // The server closed the idle connection as we reused it: send once more on a new one.
                    TakeBytes(connection, exchange);
                    Drop(connection);
                    connection = null;
                    exchange.SendStart = 0;
                    exchange.SendEnd = 0;
                }
            }
        }
#pragma warning disable CA1031 // Request failures are data: every exception becomes an error kind.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var end = Stopwatch.GetTimestamp();
            if (connection is not null)
            {
                TakeBytes(connection, exchange);
                Drop(connection);
            }

            var (kind, text) = Classify(ex, cancellationToken.IsCancellationRequested, timeoutSource.IsCancellationRequested, timeout,
                openedTls && exchange.FirstByteAt == 0);
            return new HttpExchange(exchange.Status, kind, text, start, end, exchange.Sent, exchange.Received,
                Phases(end, exchange), default);
        }
        finally
        {
            // Both registrations must be gone (and the abort callback finished) before the source is reused.
            abortRegistration.Dispose();
            callerRegistration.Dispose();
            _active = null;
            ReturnTimeoutSource(timeoutSource);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _connections.Clear();
        Interlocked.Exchange(ref _timeoutSource, null)?.Dispose();
    }

    /// <summary>Reads one response (after any interim ones) and its body; returns the final status.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ExchangeAsync(Http1Connection connection, EncodedRequest request, ExchangeState state)
    {
        state.SendStart = Stopwatch.GetTimestamp();
        await connection.WriteAsync(request).ConfigureAwait(false);
        state.SendEnd = Stopwatch.GetTimestamp();

        ResponseHead head;
        while (true)
        {
            var parsed = ResponseHeadParser.TryParse(connection.Buffered, request.IsHead, out head, out var consumed, out var error);
            if (parsed == HeadParseStatus.Invalid)
            {
                throw new Http1Exception(ErrorKind.Protocol, "invalid response: " + error);
            }

            if (parsed == HeadParseStatus.Incomplete)
            {
                if (connection.BufferedCount >= Http1Connection.MaxHeadSize)
                {
                    throw new Http1Exception(ErrorKind.Protocol,
                        $"response over a limit: the response headers exceed {Http1Connection.MaxHeadSize / 1024} KiB");
                }

                Filled(await connection.FillAsync().ConfigureAwait(false), connection, state);
                continue;
            }

            connection.Consume(consumed);
            if (head.Status >= 200)
            {
                break;
            }

            if (head.Status == 101)
            {
                throw new Http1Exception(ErrorKind.Protocol, "invalid response: 101 Switching Protocols to a request that asked for no upgrade");
            }

            // 100 Continue, 103 Early Hints…: interim responses, the final one follows.
        }

        state.Status = head.Status;
        if (!head.KeepAlive)
        {
            connection.Broken = true;
        }

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

                    Filled(await connection.FillAsync().ConfigureAwait(false), connection, state);
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
                        Filled(await connection.FillAsync().ConfigureAwait(false), connection, state);
                    }
                }

                break;

            case BodyFraming.UntilClose:
                connection.Broken = true;
                while (true)
                {
                    state.Keep(connection.Buffered);
                    connection.Consume(connection.BufferedCount);
                    if (await connection.FillAsync().ConfigureAwait(false) == 0)
                    {
                        break;
                    }
                }

                break;

            default:
                break;
        }

        return head.Status;
    }

    private static void Filled(int received, Http1Connection connection, ExchangeState state)
    {
        if (received == 0)
        {
            connection.Broken = true;
            throw new Http1Exception(ErrorKind.ConnectionReset, "connection closed by the server before the response ended");
        }

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
            if (own.Kind == ErrorKind.ConnectionReset && noResponseOnNewTlsConnection && _clientCertificateRequested
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
            TlsRejection: _tlsRejection,
            HasClientCertificate: _tls.ClientCertificate is not null,
            ClientCertificateDemanded: _clientCertificateRequested && noResponseOnNewTlsConnection);
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
        RemoteCertificateValidationCallback = ValidateServerCertificate,
        LocalCertificateSelectionCallback = SelectClientCertificate,
        ApplicationProtocols = [SslApplicationProtocol.Http11],
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var rejection = _tls.Validate(certificate, chain, errors);
        _tlsRejection = rejection;
        return rejection is null;
    }

    // Without a client certificate, TLS 1.3 lets the handshake finish and the server then closes the
    // connection; remembering the request turns that bare close into "the server requires a client certificate".
    private X509Certificate2 SelectClientCertificate(object sender, string targetHost, X509CertificateCollection localCertificates,
        X509Certificate? remoteCertificate, string[] acceptableIssuers)
    {
        if (remoteCertificate is not null)
        {
            _clientCertificateRequested = true;
        }

        return _tls.ClientCertificate!;
    }

    private CancellationTokenSource RentTimeoutSource() =>
        Interlocked.Exchange(ref _timeoutSource, null) ?? new CancellationTokenSource();

    private void ReturnTimeoutSource(CancellationTokenSource source)
    {
        if (_disposed == 0 && source.TryReset() && Interlocked.CompareExchange(ref _timeoutSource, source, null) is null)
        {
            return;
        }

        source.Dispose();
    }

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

        public long SendStart { get; set; }

        public long SendEnd { get; set; }

        public long FirstByteAt { get; set; }

        public long Sent { get; set; }

        public long Received { get; set; }

        public void Reset(int capture)
        {
            Capture = capture;
            Status = 0;
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

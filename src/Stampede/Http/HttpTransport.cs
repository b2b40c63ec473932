using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Stampede.Metrics;

namespace Stampede.Http;

/// <summary>
/// Sends requests over its own SocketsHttpHandler: one per VU by default, or one shared by all VUs.
/// Counts wire bytes and measures phases through the connect callback and <see cref="CountingStream"/>.
/// </summary>
/// <remarks>
/// A per-VU transport runs one request at a time, so its counters and timestamps are plain fields and
/// every byte and phase belongs to the request in flight. The shared transport runs requests
/// concurrently: byte counters are updated with Interlocked and each request claims the bytes counted
/// since the previous claim, so totals are exact while per-request counts are approximate; it cannot
/// tell which request a socket read belongs to, so sending is reported as 0 and waiting ends when the
/// response headers are parsed.
/// </remarks>
internal sealed class HttpTransport : IHttpTransport
{
    private const int DrainBufferSize = 16 * 1024;
    private const int InitialCaptureSize = 4 * 1024;

    private static readonly Action<object?> CancelSource = static state => ((CancellationTokenSource)state!).Cancel();

    private readonly HttpTransportFactory _factory;
    private readonly HttpSettings _settings;
    private readonly TlsMaterial _tls;
    private readonly bool _shared;
    private readonly Version _version;
    private readonly HttpMessageInvoker _invoker;

    private CancellationTokenSource? _timeoutSource = new();
    private long _bytesWritten;
    private long _bytesRead;
    private long _lastWriteAt;
    private long _firstReadAt;
    private long _readyAt;
    private bool _responseStarted;
    private readonly TlsHandshakeObserver _handshake;
    private int _disposed;

    public HttpTransport(HttpTransportFactory factory, HttpSettings settings, TlsMaterial tls, bool shared)
    {
        _factory = factory;
        _settings = settings;
        _tls = tls;
        _handshake = new TlsHandshakeObserver(tls);
        _shared = shared;
        var http2 = settings.Version == HttpVersionMode.Http2;
        _version = http2 ? HttpVersion.Version20 : HttpVersion.Version11;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = settings.FollowRedirects,
            MaxAutomaticRedirections = Math.Max(1, settings.MaxRedirects),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = ConnectTimeoutFor(settings.Timeout),
            EnableMultipleHttp2Connections = shared,
            ConnectCallback = ConnectAsync,
            PlaintextStreamFilter = FilterPlaintext,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = _handshake.ValidateServerCertificate,
                LocalCertificateSelectionCallback = _handshake.SelectClientCertificate,
                ApplicationProtocols = http2
                    ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]
                    : [SslApplicationProtocol.Http11],
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HttpExchange> SendAsync(HttpRequestDefinition request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var timeout = request.Timeout ?? _settings.Timeout;
        var timeoutSource = RentTimeoutSource();
        timeoutSource.CancelAfter(timeout);

        // Linking the caller's token by registration avoids a linked CancellationTokenSource per request.
        var callerRegistration = cancellationToken.UnsafeRegister(CancelSource, timeoutSource);
        var message = BuildMessage(request);
        if (!_shared)
        {
            _lastWriteAt = 0;
            _firstReadAt = 0;
            _responseStarted = false;
            _handshake.Reset();
        }

        var status = 0;
        long headersAt = 0;
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _invoker.SendAsync(message, timeoutSource.Token).ConfigureAwait(false);
            headersAt = Stopwatch.GetTimestamp();
            _responseStarted = true;
            status = (int)response.StatusCode;
            var headers = request.CaptureHeaders == HeaderCapture.None ? null : KeptHeaders(response, request.CaptureHeaders);
            var body = await DrainAsync(response, request.CaptureBody, timeoutSource.Token).ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            return new HttpExchange(status, ErrorKind.None, null, start, end, ClaimBytesWritten(), ClaimBytesRead(),
                Phases(message, start, headersAt, end), body, headers);
        }
#pragma warning disable CA1031 // Request failures are data: every exception becomes an error kind.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var end = Stopwatch.GetTimestamp();
            var context = new FailureContext(
                CallerCancelled: cancellationToken.IsCancellationRequested,
                TimedOut: timeoutSource.IsCancellationRequested,
                Timeout: timeout,
                TlsRejection: _handshake.Rejection,
                HasClientCertificate: _tls.ClientCertificate is not null,
                ClientCertificateDemanded: _handshake.ClientCertificateRequested && status == 0 && message.TlsTicks > 0);
            var (kind, text) = HttpErrorClassifier.Classify(ex, context);
            return new HttpExchange(status, kind, text, start, end, ClaimBytesWritten(), ClaimBytesRead(),
                Phases(message, start, headersAt, end), default);
        }
        finally
        {
            // The registration must be gone before the source is reset for the next request.
            callerRegistration.Dispose();
            message.Dispose();
            ReturnTimeoutSource(timeoutSource);
        }
    }

    /// <summary>Disposes the handler and its connections, unless the factory owns this transport.</summary>
    public void Dispose()
    {
        if (!_shared)
        {
            Release();
        }
    }

    /// <summary>Disposes the transport for real; the factory calls this for the shared one.</summary>
    internal void Release()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _invoker.Dispose();
            Interlocked.Exchange(ref _timeoutSource, null)?.Dispose();
        }
    }

    internal void CountWrite(int count, bool ready)
    {
        if (_shared)
        {
            Interlocked.Add(ref _bytesWritten, count);
            return;
        }

        _bytesWritten += count;

        // Waiting is measured from the last write before the response headers to the first read
        // after it: on HTTP/2 the connection preface and SETTINGS exchange precede the request, and
        // window updates written while the body arrives are not part of sending.
        if (ready && !_responseStarted)
        {
            _lastWriteAt = Stopwatch.GetTimestamp();
            _firstReadAt = 0;
        }
    }

    internal void CountRead(int count, bool ready)
    {
        if (_shared)
        {
            Interlocked.Add(ref _bytesRead, count);
            return;
        }

        _bytesRead += count;

        // A read before this request wrote anything is connection housekeeping, not the response.
        if (ready && _firstReadAt == 0 && _lastWriteAt != 0)
        {
            _firstReadAt = Stopwatch.GetTimestamp();
        }
    }

    internal void ConnectionClosed() => _factory.ConnectionClosed();

    private static TimeSpan ConnectTimeoutFor(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout > TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : timeout;

    private TimedRequestMessage BuildMessage(HttpRequestDefinition request)
    {
        var message = new TimedRequestMessage(request.Method, request.Url)
        {
            Version = _version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        HttpContent? content = request.Body.IsEmpty ? null : new ReadOnlyMemoryContent(request.Body);
        var headers = request.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];

            // Request headers refuse content headers (Content-Type…): those belong on the content.
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                content ??= new ByteArrayContent([]);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Content = content;
        return message;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadOnlyMemory<byte>> DrainAsync(HttpResponseMessage response, bool capture, CancellationToken cancellationToken)
    {
        // SocketsHttpHandler's content hands out its stream without blocking.
        var stream = response.Content.ReadAsStream(cancellationToken);
        var cap = capture ? _settings.MaxCapturedBodyBytes : 0;
        byte[]? body = null;
        var length = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(DrainBufferSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                var keep = Math.Min(read, cap - length);
                if (keep <= 0)
                {
                    continue;
                }

                if (body is null || length + keep > body.Length)
                {
                    var expected = response.Content.Headers.ContentLength ?? 0;
                    var size = (int)Math.Min(cap, Math.Max(Math.Max(expected, InitialCaptureSize), Math.Max((long)(body?.Length ?? 0) * 2, length + keep)));
                    Array.Resize(ref body, size);
                }

                buffer.AsSpan(0, keep).CopyTo(body.AsSpan(length));
                length += keep;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return body is null ? ReadOnlyMemory<byte>.Empty : body.AsMemory(0, length);
    }

    private RequestPhases Phases(TimedRequestMessage message, long start, long headersAt, long end)
    {
        var connecting = message.ConnectTicks;
        var tls = message.TlsTicks;
        // On HTTP/2 socket reads and writes are not this request's alone: SETTINGS acknowledgements, pings and
        // window updates go both ways while the response is awaited, so the wait there runs from the ready
        // connection to the parsed response headers, as for the shared pool. On HTTP/1.1 every write before
        // the response is the request and every read after it is the response.
        if (!_shared && message.Version.Major < 2 && _lastWriteAt != 0 && _firstReadAt != 0)
        {
            var sendStart = Math.Max(start, _readyAt);
            return new RequestPhases(connecting, tls, NonNegative(_lastWriteAt - sendStart),
                NonNegative(_firstReadAt - _lastWriteAt), NonNegative(end - _firstReadAt));
        }

        // Without socket timestamps (HTTP/2, shared pool, or a request that never got an answer) the wait
        // runs from the ready connection to the parsed headers.
        var waitStart = _shared ? start + connecting + tls : Math.Max(start, _readyAt);
        var waitEnd = headersAt != 0 ? headersAt : end;
        return new RequestPhases(connecting, tls, 0, NonNegative(waitEnd - waitStart), headersAt != 0 ? NonNegative(end - headersAt) : 0);
    }

    /// <summary>The response's headers (content headers included) in order; only Set-Cookie for <see cref="HeaderCapture.Cookies"/>.</summary>
    private static List<KeyValuePair<string, string>>? KeptHeaders(HttpResponseMessage response, HeaderCapture capture)
    {
        List<KeyValuePair<string, string>>? kept = null;
        if (capture == HeaderCapture.Cookies)
        {
            if (response.Headers.NonValidated.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies)
                {
                    (kept ??= []).Add(new("Set-Cookie", cookie));
                }
            }

            return kept;
        }

        foreach (var (name, values) in response.Headers.NonValidated)
        {
            foreach (var value in values)
            {
                (kept ??= []).Add(new(name, value));
            }
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            foreach (var value in values)
            {
                (kept ??= []).Add(new(name, value));
            }
        }

        return kept;
    }

    private static long NonNegative(long ticks) => ticks > 0 ? ticks : 0;

    private long ClaimBytesWritten()
    {
        if (_shared)
        {
            return Interlocked.Exchange(ref _bytesWritten, 0);
        }

        var count = _bytesWritten;
        _bytesWritten = 0;
        return count;
    }

    private long ClaimBytesRead()
    {
        if (_shared)
        {
            return Interlocked.Exchange(ref _bytesRead, 0);
        }

        var count = _bytesRead;
        _bytesRead = 0;
        return count;
    }

    // One cached source serves the usual one-request-at-a-time case without allocating; a request
    // that finds it taken (concurrent use) gets its own.
    private CancellationTokenSource RentTimeoutSource() =>
        Interlocked.Exchange(ref _timeoutSource, null) ?? new CancellationTokenSource();

    private void ReturnTimeoutSource(CancellationTokenSource source)
    {
        // TryReset stops the timer, so it cannot fire between requests; it fails once cancelled.
        if (_disposed == 0 && source.TryReset() && Interlocked.CompareExchange(ref _timeoutSource, source, null) is null)
        {
            return;
        }

        source.Dispose();
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var begin = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connected = Stopwatch.GetTimestamp();
        var connection = new CountingStream(socket, this, connected);
        if (context.InitialRequestMessage is TimedRequestMessage timed)
        {
            timed.ConnectTicks = connected - begin;
            timed.OpenedConnection = connection;
        }

        if (!_shared)
        {
            _readyAt = connected;
        }

        _factory.ConnectionOpened();
        return connection;
    }

    private ValueTask<Stream> FilterPlaintext(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        var stream = context.PlaintextStream;

        // The connect callback left the connection on the request that opened it; SslStream does not
        // expose the stream it wraps.
        if (context.InitialRequestMessage is TimedRequestMessage { OpenedConnection: { } connection } timed)
        {
            timed.OpenedConnection = null;
            if (stream is SslStream)
            {
                timed.TlsTicks = now - connection.ConnectedAt;
            }
            else
            {
                connection.Ready = true;
            }
        }
        else if (stream is CountingStream plain)
        {
            plain.Ready = true;
        }

        // Above TLS, reads and writes are the HTTP exchange itself; the shared pool takes no timestamps.
        if (stream is SslStream && !_shared)
        {
            stream = new CountingStream(stream, this);
        }

        if (!_shared)
        {
            _readyAt = now;
        }

        return new ValueTask<Stream>(stream);
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Stampede.Http.Fast;

/// <summary>
/// One HTTP/1.1 connection of <see cref="Http1Transport"/>: a socket, or an SslStream over it, with a
/// receive buffer the response parser reads in place. Plain connections use the socket's
/// allocation-free <c>SendAsync</c>/<c>ReceiveAsync</c> directly. The buffer is rented from the shared
/// pool for the length of a response and returned between requests, so an idle connection holds none.
/// </summary>
/// <remarks>
/// Used by one request at a time. <see cref="Abort"/> may be called from another thread (a timeout or
/// the run stopping): it closes the socket, which fails whatever I/O is pending.
/// </remarks>
internal sealed class Http1Connection : IDisposable
{
    /// <summary>Receive buffer size; a response head may grow it up to <see cref="MaxHeadSize"/>.</summary>
    internal const int BufferSize = 16 * 1024;

    /// <summary>Largest response head accepted, as SocketsHttpHandler's default MaxResponseHeadersLength (64 KiB).</summary>
    internal const int MaxHeadSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly EpollSocket? _epoll;
    private readonly SslStream? _ssl;
    private readonly WireStream? _wire;
    private readonly HttpTransportFactory? _factory;
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private long _written;
    private long _read;
    private int _disposed;

    private Http1Connection(Origin origin, Socket socket, SslStream? ssl, WireStream? wire, HttpTransportFactory? factory, EpollSocket? epoll = null)
    {
        Origin = origin;
        _socket = socket;
        _epoll = epoll;
        _ssl = ssl;
        _wire = wire;
        _factory = factory;
    }

    /// <summary>
    /// Plain connections use Stampede's own epoll loop where it exists (<see cref="EpollSocket.IsSupported"/>),
    /// unless <c>STAMPEDE_EPOLL=0</c> is set; TLS connections always use the .NET socket engine.
    /// </summary>
    internal static bool UseEpoll { get; set; } =
        EpollSocket.IsSupported && Environment.GetEnvironmentVariable("STAMPEDE_EPOLL") != "0";

    /// <summary>The origin this connection is for.</summary>
    public Origin Origin { get; }

    /// <summary>The connection cannot carry another request (closed by the server, or in an unknown state).</summary>
    public bool Broken { get; set; }

    /// <summary>Bytes received but not consumed by the parser.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Number of bytes in <see cref="Buffered"/>.</summary>
    public int BufferedCount => _end - _start;

    /// <summary>
    /// Connects (and does the TLS handshake). <paramref name="times"/> gets the time each took, also
    /// when it fails.
    /// </summary>
    public static async ValueTask<Http1Connection> OpenAsync(Origin origin, Func<Origin, SslClientAuthenticationOptions> tlsOptions,
        HttpTransportFactory? factory, ConnectTimes times, CancellationToken cancellationToken)
    {
        if (!origin.Tls && UseEpoll)
        {
            return Opened(await OpenEpollAsync(origin, factory, times, cancellationToken).ConfigureAwait(false));
        }

        Socket socket;
        EndPoint endpoint;
        if (origin.Address is { } address)
        {
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            endpoint = new IPEndPoint(address, origin.Port);
        }
        else
        {
            // Dual-mode: a name may resolve to IPv4 or IPv6 addresses.
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            endpoint = new DnsEndPoint(origin.Host, origin.Port);
        }

        SslStream? ssl = null;
        var begin = Stopwatch.GetTimestamp();
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var connected = Stopwatch.GetTimestamp();
            times.Connecting += connected - begin;
            if (!origin.Tls)
            {
                return Opened(new Http1Connection(origin, socket, null, null, factory));
            }

            var wire = new WireStream(socket);
            ssl = new SslStream(wire, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsClientAsync(tlsOptions(origin), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                times.TlsHandshaking += Stopwatch.GetTimestamp() - connected;
            }

            var connection = new Http1Connection(origin, socket, ssl, wire, factory)
            {
                // The handshake's bytes belong to the request that opened the connection.
                _written = wire.TakeWritten(),
                _read = wire.TakeRead(),
            };
            return Opened(connection);
        }
        catch
        {
            if (times.Connecting == 0)
            {
                times.Connecting = Stopwatch.GetTimestamp() - begin;
            }

            if (ssl is not null)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }

    // Resolves the name (if any) and tries its addresses in order, as Socket.ConnectAsync(DnsEndPoint) does.
    private static async ValueTask<Http1Connection> OpenEpollAsync(Origin origin, HttpTransportFactory? factory, ConnectTimes times,
        CancellationToken cancellationToken)
    {
        var begin = Stopwatch.GetTimestamp();
        try
        {
            IPAddress[] addresses = origin.Address is { } address
                ? [address]
                : await Dns.GetHostAddressesAsync(origin.Host, cancellationToken).ConfigureAwait(false);
            SocketException? last = null;
            foreach (var candidate in addresses)
            {
                try
                {
                    var epoll = await EpollSocket.ConnectAsync(candidate, origin.Port, cancellationToken).ConfigureAwait(false);
                    return new Http1Connection(origin, epoll.Socket, null, null, factory, epoll);
                }
                catch (SocketException ex)
                {
                    last = ex;
                }
            }

            throw last ?? new SocketException((int)SocketError.HostNotFound);
        }
        finally
        {
            times.Connecting += Stopwatch.GetTimestamp() - begin;
        }
    }

    /// <summary>
    /// Starts writing <paramref name="data"/>; the result is how many bytes went out, which the caller
    /// passes to <see cref="Sent"/> (a socket may take less than all of it).
    /// </summary>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data)
    {
        if (_ssl is null)
        {
            return _epoll is { } epoll ? epoll.SendAsync(data) : _socket.SendAsync(data, SocketFlags.None);
        }

        return SendTlsAsync(data);
    }

    /// <summary>Counts bytes written by <see cref="SendAsync"/> (TLS counts wire bytes itself).</summary>
    public void Sent(int count)
    {
        if (_ssl is null)
        {
            _written += count;
        }
    }

    /// <summary>
    /// Starts receiving into the buffer's free space; the caller passes the result to
    /// <see cref="Received"/>. 0 means the server closed the connection.
    /// </summary>
    public ValueTask<int> ReceiveAsync()
    {
        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        }

        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            MakeRoom();
        }

        var free = _buffer.AsMemory(_end);
        return _epoll is { } epoll ? epoll.ReceiveAsync(free)
            : _ssl is null ? _socket.ReceiveAsync(free, SocketFlags.None) : _ssl.ReadAsync(free);
    }

    /// <summary>Appends <paramref name="count"/> received bytes to the buffer.</summary>
    public void Received(int count)
    {
        _end += count;
        if (_ssl is null)
        {
            _read += count;
        }
    }

    /// <summary>Returns the receive buffer to the pool when it holds nothing unparsed (between requests).</summary>
    public void ReleaseBuffer()
    {
        if (_start == _end && _buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = 0;
            _end = 0;
        }
    }

    /// <summary>Marks <paramref name="count"/> buffered bytes as parsed.</summary>
    public void Consume(int count) => _start += count;

    /// <summary>Returns and resets the bytes written since the last call (TLS: wire bytes).</summary>
    public long TakeWritten()
    {
        var n = _written + (_wire?.TakeWritten() ?? 0);
        _written = 0;
        return n;
    }

    /// <summary>Returns and resets the bytes read since the last call (TLS: wire bytes).</summary>
    public long TakeRead()
    {
        var n = _read + (_wire?.TakeRead() ?? 0);
        _read = 0;
        return n;
    }

    /// <summary>Closes the socket from any thread, failing pending I/O.</summary>
    public void Abort()
    {
        Broken = true;
        if (_epoll is { } epoll)
        {
            // Fails the pending I/O; the request's own thread closes the socket afterwards (Dispose).
            epoll.Abort();
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed or never connected: nothing to fail.
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Broken = true;
        _ssl?.Dispose();
        if (_epoll is { } epoll)
        {
            epoll.Dispose();
        }
        else
        {
            _socket.Dispose();
        }

        _factory?.ConnectionClosed();

        // Only the request's own thread disposes, after its I/O has ended, so the buffer is no longer in use.
        if (_buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private static Http1Connection Opened(Http1Connection connection)
    {
        connection._factory?.ConnectionOpened();
        return connection;
    }

    /// <summary>The buffer is full: move unparsed bytes to the front, or grow it for a long head.</summary>
    private void MakeRoom()
    {
        var count = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, count);
        }
        else
        {
            // Only a response head is kept unconsumed; the caller stops at MaxHeadSize.
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxHeadSize + BufferSize));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, count);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        _start = 0;
        _end = count;
    }

    // SslStream takes the whole buffer or fails, so TLS writes never come back short.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> SendTlsAsync(ReadOnlyMemory<byte> data)
    {
        await _ssl!.WriteAsync(data).ConfigureAwait(false);
        return data.Length;
    }
}

/// <summary>Connection set-up times of one request, accumulated over its attempts.</summary>
internal sealed class ConnectTimes
{
    public long Connecting { get; set; }

    public long TlsHandshaking { get; set; }

    public void Reset()
    {
        Connecting = 0;
        TlsHandshaking = 0;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Stampede.Http.Fast;

/// <summary>
/// A plain TCP connection whose reads wait for readiness reported by Stampede's own epoll loop
/// (<see cref="EpollLoop"/>) instead of the .NET socket engine. Linux x64 only (<see cref="IsSupported"/>).
/// </summary>
/// <remarks>
/// <para>
/// Why: the socket engine tries every receive at once — on a keep-alive connection the response is never
/// there yet, so that <c>recv</c> fails with <c>EAGAIN</c> — then queues the operation, and runs it from
/// its own epoll thread through a per-socket operation queue. Here a receive issued before data is known
/// to be there parks at once, and the loop thread that sees the readiness edge does the one <c>recv</c>
/// and runs the continuation inline. docs/performance.md has the measurements.
/// </para>
/// <para>
/// The socket is non-blocking and registered edge-triggered for input and output once, at creation.
/// The I/O itself goes through <see cref="Socket"/>'s synchronous calls (which never block here and never
/// involve the engine), so a socket closed by <see cref="Socket.Dispose()"/> from another thread fails
/// cleanly instead of touching a reused descriptor. One receive and one send or connect may be pending
/// at a time, as for any HTTP/1.1 connection without pipelining.
/// </para>
/// </remarks>
internal sealed class EpollSocket : IValueTaskSource<int>, IValueTaskSource, IDisposable
{
    private const int Idle = 0;
    private const int Ready = 1;
    private const int Waiting = 2;

    private readonly EpollLoop _loop;
    private ManualResetValueTaskSourceCore<int> _receive = new() { RunContinuationsAsynchronously = !InlineContinuations };
    private ManualResetValueTaskSourceCore<int> _writable = new() { RunContinuationsAsynchronously = !InlineContinuations };
    private Memory<byte> _receiveBuffer;
    private int _readState;
    private int _writeState;

    // The peer closed or reset the connection, or it failed: no further edge will come, and reads no
    // longer block, so every receive from now on reads at once.
    private volatile bool _ended;

    // Abort was called: a connect or send that parks afterwards fails at once instead of waiting for an
    // edge a shut-down socket may never report.
    private volatile bool _aborted;

    private EpollSocket(Socket socket, EpollLoop loop)
    {
        Socket = socket;
        _loop = loop;
    }

    /// <summary>Whether this platform has the epoll path (Linux on x64).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>
    /// Whether a completed receive runs the request's continuation on the loop thread itself, as the .NET
    /// socket engine does under the same setting (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>,
    /// which the stampede command sets): no thread hop per response, but code that blocks in a
    /// continuation stalls every socket of that loop. Otherwise continuations go to the thread pool.
    /// </summary>
    internal static bool InlineContinuations { get; set; } =
        Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";

    /// <summary>The underlying socket: non-blocking, used only through synchronous calls.</summary>
    public Socket Socket { get; }

    internal long Id { get; set; }

    /// <summary>
    /// Creates a socket for <paramref name="address"/>'s family, registers it and connects it.
    /// Failures throw <see cref="SocketException"/>; cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async ValueTask<EpollSocket> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false, NoDelay = true };
        EpollSocket? connection = null;
        try
        {
            connection = new EpollSocket(socket, EpollLoop.Next());
            var endpoint = new IPEndPoint(address, port);
            var connecting = false;
            try
            {
                socket.Connect(endpoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                // Connecting: the socket turns writable when it is done, either way.
                connecting = true;
            }

            // Registered once connecting: a socket added before connect() reports a hang-up (it is closed),
            // which would read as the peer having closed. Added while connecting, or once connected, the
            // first edge reports the current state, so a connection completing in between is not missed.
            connection._loop.Register(connection);
            if (!connecting)
            {
                return connection;
            }

            try
            {
                using (cancellationToken.UnsafeRegister(static state => ((EpollSocket)state!).Abort(), connection))
                {
                    await connection.WaitWritableAsync().ConfigureAwait(false);
                }
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
            }

            cancellationToken.ThrowIfCancellationRequested();
            var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            return connection;
        }
        catch
        {
            connection?.Unregister();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Writes what the socket takes now, waiting for room only when it takes nothing.</summary>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data) => SendCoreAsync(data);

    /// <summary>
    /// Receives into <paramref name="buffer"/>: 0 when the peer closed. Reads at once only when the last
    /// readiness edge has not been drained yet; otherwise waits for the next one without a system call.
    /// </summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        while (true)
        {
            if (Interlocked.CompareExchange(ref _readState, Idle, Ready) == Ready && TryReceiveNow(buffer, out var done))
            {
                return done;
            }

            _receiveBuffer = buffer;
            _receive.Reset();
            if (Interlocked.CompareExchange(ref _readState, Waiting, Idle) == Idle)
            {
                return new ValueTask<int>(this, _receive.Version);
            }

            // An edge arrived between the check and parking (the state is Ready): read after all.
            _receiveBuffer = default;
        }
    }

    // One recv: false when nothing was there (EAGAIN), else the result or the failure.
    private bool TryReceiveNow(Memory<byte> buffer, out ValueTask<int> result)
    {
        var error = ReceiveNow(buffer, out var n);
        result = error switch
        {
            SocketError.Success => new ValueTask<int>(n),
            SocketError.WouldBlock => default,
            _ => ValueTask.FromException<int>(new SocketException((int)error)),
        };
        return error != SocketError.WouldBlock;
    }

    // The one recv of a receive, by whichever thread makes it; a read that succeeded updates the state.
    private SocketError ReceiveNow(Memory<byte> buffer, out int count)
    {
        count = Socket.Receive(buffer.Span, SocketFlags.None, out var error);
        if (error == SocketError.Success)
        {
            Received(count, buffer.Length);
        }

        return error;
    }

    // After a read: a full buffer (more may be queued) or a known end means no new edge will announce
    // what is left, so the next receive reads at once.
    private void Received(int count, int capacity)
    {
        if (count == capacity || _ended)
        {
            Volatile.Write(ref _readState, Ready);
        }
    }

    /// <summary>
    /// From any thread (a timeout, the run stopping): shuts the socket down, which the loop sees as an
    /// edge that ends a pending receive, and fails a pending connect or send from the thread pool. Nothing
    /// runs the request's continuation on the calling thread. The descriptor stays open until
    /// <see cref="Dispose"/>, so no readiness event is lost to a close racing the loop, and no descriptor
    /// is reused under a waiting request.
    /// </summary>
    public void Abort()
    {
        _aborted = true;
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Not connected yet, or already shut down.
        }
        catch (ObjectDisposedException)
        {
        }

        // A connect in progress may never report an edge after a shutdown.
        if (Interlocked.CompareExchange(ref _writeState, Idle, Waiting) == Waiting)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static socket => socket._writable.SetException(new SocketException((int)SocketError.OperationAborted)), this, preferLocal: false);
        }
    }

    /// <summary>By the owner, after its I/O has ended: leaves the loop and closes the socket.</summary>
    public void Dispose()
    {
        Unregister();
        Socket.Dispose();
    }

    private void Unregister() => _loop.Unregister(this);

    /// <summary>Called by the loop thread with the events of one epoll_wait entry.</summary>
    internal void OnEvents(uint events)
    {
        if ((events & (EpollLoop.Err | EpollLoop.Hup | EpollLoop.RdHup)) != 0)
        {
            // Data and the close (or reset) can arrive in one edge: after the data is read, the end
            // must still be found without waiting for an edge that will not come.
            _ended = true;
        }

        if ((events & (EpollLoop.In | EpollLoop.Err | EpollLoop.Hup | EpollLoop.RdHup)) != 0)
        {
            OnReadable();
        }

        if ((events & (EpollLoop.Out | EpollLoop.Err | EpollLoop.Hup)) != 0)
        {
            OnWritable();
        }
    }

    private void OnReadable()
    {
        if (!ClaimWaiter(ref _readState))
        {
            return;
        }

        var buffer = _receiveBuffer;
        _receiveBuffer = default;
        try
        {
            var error = ReceiveNow(buffer, out var n);
            if (error == SocketError.Success)
            {
                _receive.SetResult(n);
            }
            else if (error == SocketError.WouldBlock)
            {
                // An edge for data a direct read already took: wait for the next one. Only this thread
                // moves the state while a receive waits, and a newer edge is queued for the next epoll_wait.
                _receiveBuffer = buffer;
                Volatile.Write(ref _readState, Waiting);
            }
            else
            {
                _receive.SetException(new SocketException((int)error));
            }
        }
#pragma warning disable CA1031 // Handed to the waiting request, which classifies it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _receive.SetException(ex);
        }
    }

    private void OnWritable()
    {
        if (ClaimWaiter(ref _writeState))
        {
            _writable.SetResult(0);
        }
    }

    // For the loop thread, on an edge: true when a waiter was parked (it is now this thread's to complete),
    // false when the edge was recorded as Ready for the next operation. Retried until one holds: the owner
    // may park between a failed Waiting→Idle and an Idle→Ready, and an edge lost there is a request that
    // waits forever (seen: 4 of 1,000 connections at 20,000 req/s, until the run's hard stop).
    private static bool ClaimWaiter(ref int state)
    {
        while (true)
        {
            var current = Volatile.Read(ref state);
            if (current == Ready)
            {
                return false;
            }

            var next = current == Waiting ? Idle : Ready;
            if (Interlocked.CompareExchange(ref state, next, current) == current)
            {
                return current == Waiting;
            }
        }
    }

    private ValueTask WaitWritableAsync()
    {
        if (Interlocked.CompareExchange(ref _writeState, Idle, Ready) == Ready)
        {
            return ValueTask.CompletedTask;
        }

        _writable.Reset();
        if (Interlocked.CompareExchange(ref _writeState, Waiting, Idle) != Idle)
        {
            Volatile.Write(ref _writeState, Idle);
            return ValueTask.CompletedTask;
        }

        if (_aborted && Interlocked.CompareExchange(ref _writeState, Idle, Waiting) == Waiting)
        {
            return ValueTask.FromException(new SocketException((int)SocketError.OperationAborted));
        }

        return new ValueTask(this, _writable.Version);
    }

    private async ValueTask<int> SendCoreAsync(ReadOnlyMemory<byte> data)
    {
        while (true)
        {
            var n = Socket.Send(data.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                return n;
            }

            if (error != SocketError.WouldBlock)
            {
                throw new SocketException((int)error);
            }

            // The send buffer is full: wait for the edge that says there is room (or an error).
            await WaitWritableAsync().ConfigureAwait(false);
        }
    }

    int IValueTaskSource<int>.GetResult(short token) => _receive.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _receive.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _receive.OnCompleted(continuation, state, token, flags);

    // The non-generic source is the writable wait (connect, a send into a full buffer).
    void IValueTaskSource.GetResult(short token) => _writable.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _writable.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _writable.OnCompleted(continuation, state, token, flags);
}

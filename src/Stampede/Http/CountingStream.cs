using System.Net.Sockets;

namespace Stampede.Http;

/// <summary>
/// The socket stream of one connection, counting wire bytes and timestamping the request's last write
/// and first read for its transport. It sits below TLS, so counts include TLS records and handshakes.
/// </summary>
/// <remarks>
/// Only the overloads SocketsHttpHandler and SslStream use on the hot path are overridden, each
/// forwarding to the socket without allocating. Timestamps start once the connection is ready (after
/// the TLS handshake), so handshake traffic never looks like a request being sent or answered.
/// </remarks>
internal sealed class CountingStream : Stream
{
    private readonly NetworkStream _inner;
    private readonly HttpTransport _owner;
    private int _disposed;

    public CountingStream(Socket socket, HttpTransport owner, long connectedAt)
    {
        _inner = new NetworkStream(socket, ownsSocket: true);
        _owner = owner;
        ConnectedAt = connectedAt;
    }

    /// <summary>When the TCP connection was established.</summary>
    public long ConnectedAt { get; }

    /// <summary>True once the connection carries requests (set after the TLS handshake, if any).</summary>
    public bool Ready { get; set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        OnRead(n);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = _inner.ReadAsync(buffer, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            var n = pending.Result;
            OnRead(n);
            return new ValueTask<int>(n);
        }

        return AwaitRead(pending);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        OnWrite(buffer.Length);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = _inner.WriteAsync(buffer, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            OnWrite(buffer.Length);
            return default;
        }

        return AwaitWrite(pending, buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // NetworkStream does not buffer: a flush has nothing to do.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _inner.Dispose();
            _owner.ConnectionClosed();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> AwaitRead(ValueTask<int> pending)
    {
        var n = await pending.ConfigureAwait(false);
        OnRead(n);
        return n;
    }

    private async ValueTask AwaitWrite(ValueTask pending, int count)
    {
        await pending.ConfigureAwait(false);
        OnWrite(count);
    }

    private void OnRead(int count)
    {
        if (count > 0)
        {
            _owner.CountRead(count, Ready);
        }
    }

    private void OnWrite(int count)
    {
        if (count > 0)
        {
            _owner.CountWrite(count, Ready);
        }
    }
}

using System.Net.Sockets;

namespace Stampede.Http;

/// <summary>
/// Wraps a connection's stream to count bytes and timestamp the request's last write and first read
/// for its transport. On a plain connection one instance does both, on the socket. With TLS the
/// socket-level instance counts wire bytes (TLS records and handshakes included) and a second one above
/// SslStream takes the timestamps, so TLS housekeeping (handshake, session tickets) never looks like a
/// request being sent or answered.
/// </summary>
/// <remarks>
/// Only the overloads SocketsHttpHandler and SslStream use on the hot path are overridden, each
/// forwarding without allocating when the inner stream completes synchronously.
/// </remarks>
internal sealed class CountingStream : Stream
{
    private readonly Stream _inner;
    private readonly HttpTransport _owner;
    private readonly bool _onSocket;
    private int _disposed;

    /// <summary>Wraps a connected socket: counts wire bytes and owns one open connection.</summary>
    public CountingStream(Socket socket, HttpTransport owner, long connectedAt)
    {
        _inner = new NetworkStream(socket, ownsSocket: true);
        _owner = owner;
        _onSocket = true;
        ConnectedAt = connectedAt;
    }

    /// <summary>Wraps the decrypted stream of a TLS connection: timestamps only.</summary>
    public CountingStream(Stream plaintext, HttpTransport owner)
    {
        _inner = plaintext;
        _owner = owner;
        Ready = true;
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

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _inner.Dispose();
            if (_onSocket)
            {
                _owner.ConnectionClosed();
            }
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
            _owner.CountRead(_onSocket ? count : 0, Ready);
        }
    }

    private void OnWrite(int count)
    {
        if (count > 0)
        {
            _owner.CountWrite(_onSocket ? count : 0, Ready);
        }
    }
}

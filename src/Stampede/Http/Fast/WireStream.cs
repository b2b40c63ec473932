using System.Net.Sockets;

namespace Stampede.Http.Fast;

/// <summary>
/// The socket under an <see cref="System.Net.Security.SslStream"/>: forwards to the socket's
/// allocation-free async operations and counts wire bytes (TLS records and handshakes included), the
/// same bytes a plain connection counts.
/// </summary>
internal sealed class WireStream : Stream
{
    private readonly Socket _socket;

    public WireStream(Socket socket) => _socket = socket;

    /// <summary>Bytes written since the last <see cref="TakeWritten"/>.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Bytes read since the last <see cref="TakeRead"/>.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public long TakeWritten()
    {
        var n = BytesWritten;
        BytesWritten = 0;
        return n;
    }

    public long TakeRead()
    {
        var n = BytesRead;
        BytesRead = 0;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        BytesRead += n;
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var n = await _socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            BytesWritten += n;
            buffer = buffer[n..];
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = _socket.Receive(buffer, offset, count, SocketFlags.None);
        BytesRead += n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        var sent = 0;
        while (sent < count)
        {
            sent += _socket.Send(buffer, offset + sent, count - sent, SocketFlags.None);
        }

        BytesWritten += count;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Dispose();
        }

        base.Dispose(disposing);
    }
}

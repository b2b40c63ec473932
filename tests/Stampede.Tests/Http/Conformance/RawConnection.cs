using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Stampede.Tests.Http.Conformance;

/// <summary>One accepted connection of a <see cref="RawHttpServer"/>: reads request heads and bodies, writes raw bytes.</summary>
internal sealed class RawConnection
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly RawHttpServer _server;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly IPEndPoint _local;
    private readonly IPEndPoint _remote;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private long _bytesWritten;
    private int _closed;

    public RawConnection(RawHttpServer server, Socket socket, int index)
    {
        _server = server;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _local = (IPEndPoint)socket.LocalEndPoint!;
        _remote = (IPEndPoint)socket.RemoteEndPoint!;
        Index = index;
    }

    /// <summary>0 for the first connection the server accepted, 1 for the second…</summary>
    public int Index { get; }

    /// <summary>Requests read on this connection so far.</summary>
    public int RequestCount { get; private set; }

    /// <summary>Bytes written on this connection so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Reads the next request (head and body); null when the client closed between requests.</summary>
    public async Task<RawRequest?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        int headEnd;
        while ((headEnd = Buffered.IndexOf(HeadEnd)) < 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                return _end == _start ? null : throw new IOException("the client closed the connection inside a request head");
            }
        }

        var head = Encoding.Latin1.GetString(Buffered[..headEnd]);
        var headBytes = headEnd + HeadEnd.Length;
        _start += headBytes;
        var lines = head.Split("\r\n");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"request header line without a name: '{line}'");
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        var request = new RawRequest(Index, lines[0], headers, [], headBytes);
        var (body, framing) = request.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? await ReadChunkedAsync(cancellationToken)
            : await ReadExactlyAsync(int.Parse(request.Header("Content-Length") ?? "0", CultureInfo.InvariantCulture), cancellationToken);
        request = request with { Body = body, WireBytes = headBytes + framing };
        RequestCount++;
        _server.Record(request);
        return request;
    }

    public Task WriteAsync(string text, CancellationToken cancellationToken) =>
        WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        Interlocked.Add(ref _bytesWritten, bytes.Length);
    }

    /// <summary>
    /// True when the client sent bytes this connection has not read yet, waiting up to
    /// <paramref name="grace"/> for them: a pipelining client would have sent its next request by then.
    /// </summary>
    public bool HasUnreadBytes(TimeSpan grace) =>
        _end > _start || (_socket.Poll(grace, SelectMode.SelectRead) && _socket.Available > 0);

    /// <summary>Aborts the connection with a TCP RST instead of a FIN.</summary>
    public void Reset()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
    }

    /// <summary>Closes the connection (a FIN, unless unread request bytes make the kernel send a RST).</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _socket.Close();
        }
    }

    /// <summary>
    /// Closes the connection and waits until the client's kernel has taken the FIN (its end of the
    /// connection is in CLOSE_WAIT), so the client can know the connection is gone before it sends again.
    /// </summary>
    public async Task CloseAndWaitUntilClientSeesItAsync(CancellationToken cancellationToken)
    {
        Close();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        while (!ClientInCloseWait())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"the client end {_remote} never reached CLOSE_WAIT after the server closed");
            }

            await Task.Delay(1, cancellationToken);
        }
    }

    private bool ClientInCloseWait()
    {
        foreach (var connection in IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections())
        {
            if (connection.LocalEndPoint.Equals(_remote) && connection.RemoteEndPoint.Equals(_local))
            {
                // Closed already (the client noticed and closed its end) counts as seen too.
                return connection.State is TcpState.CloseWait or TcpState.LastAck or TcpState.Closed;
            }
        }

        return true;
    }

    private Span<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffered.CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    private async Task<(byte[] Body, int Framing)> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        while (_end - _start < length)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new IOException("the client closed the connection inside a request body");
            }
        }

        var body = Buffered[..length].ToArray();
        _start += length;
        return (body, length);
    }

    private async Task<(byte[] Body, int Framing)> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var framing = 0;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            framing += line.Length + LineEnd.Length;
            var size = int.Parse(line.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                // Trailer section: lines up to an empty one.
                while ((line = await ReadLineAsync(cancellationToken)).Length > 0)
                {
                    framing += line.Length + LineEnd.Length;
                }

                return (body.ToArray(), framing + LineEnd.Length);
            }

            var (chunk, _) = await ReadExactlyAsync(size + LineEnd.Length, cancellationToken);
            body.Write(chunk, 0, size);
            framing += chunk.Length;
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int lineEnd;
        while ((lineEnd = Buffered.IndexOf(LineEnd)) < 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new IOException("the client closed the connection inside a chunked request body");
            }
        }

        var line = Encoding.Latin1.GetString(Buffered[..lineEnd]);
        _start += lineEnd + LineEnd.Length;
        return line;
    }
}

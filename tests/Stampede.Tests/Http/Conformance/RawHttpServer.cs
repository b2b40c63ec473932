using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stampede.Tests.Http.Conformance;

/// <summary>
/// A scripted HTTP/1.1 server on 127.0.0.1 and a free port, for the responses Kestrel will not send:
/// each accepted connection runs a script that reads request heads and writes exact bytes.
/// </summary>
/// <remarks>
/// Requests for <see cref="NextPath"/> always get <see cref="NextResponse"/> when served through
/// <see cref="Serve"/>, so a test can check that the transport still works after the case under test.
/// A script that throws anything but a socket error fails the test when the server is disposed.
/// </remarks>
internal sealed class RawHttpServer : IAsyncDisposable
{
    public const string NextPath = "/next";

    public const string NextBody = "next";

    public static readonly string NextResponse = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n" + NextBody;

    private readonly TcpListener _listener;
    private readonly ConnectionScript _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly ConcurrentQueue<RawRequest> _requests = new();
    private readonly List<(RawConnection Connection, Task Run)> _connections = [];
    private readonly Task _acceptLoop;
    private int _connectionCount;

    private RawHttpServer(ConnectionScript script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Runs one connection: returns when the script is done, and the server closes the socket.</summary>
    public delegate Task ConnectionScript(RawConnection connection, CancellationToken cancellationToken);

    /// <summary>Answers one request (not <see cref="NextPath"/>); returns false to close the connection.</summary>
    public delegate Task<bool> Responder(RawConnection connection, RawRequest request, CancellationToken cancellationToken);

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Every request read, in arrival order.</summary>
    public IReadOnlyList<RawRequest> Requests => [.. _requests];

    public Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

    public static RawHttpServer Start(ConnectionScript script) => new(script);

    /// <summary>A keep-alive server: reads requests until the client closes or the responder says stop.</summary>
    public static RawHttpServer Serve(Responder responder) => new(async (connection, cancellationToken) =>
    {
        while (await connection.ReadRequestAsync(cancellationToken) is { } request)
        {
            if (request.Path == NextPath)
            {
                await connection.WriteAsync(NextResponse, cancellationToken);
            }
            else if (!await responder(connection, request, cancellationToken))
            {
                return;
            }
        }
    });

    /// <summary>A keep-alive server answering every request (but <see cref="NextPath"/>) with the same bytes.</summary>
    public static RawHttpServer Serve(string response) => Serve(Encoding.Latin1.GetBytes(response));

    /// <inheritdoc cref="Serve(string)"/>
    public static RawHttpServer Serve(byte[] response) => Serve(async (connection, _, cancellationToken) =>
    {
        await connection.WriteAsync(response, cancellationToken);
        return true;
    });

    private int _disposed;

    /// <summary>Stops accepting, closes every connection and waits for the scripts to end; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        (RawConnection Connection, Task Run)[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        foreach (var (connection, _) in connections)
        {
            connection.Close();
        }

        await Task.WhenAll(connections.Select(c => c.Run)).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        if (!_faults.IsEmpty)
        {
            throw new AggregateException("a RawHttpServer script failed", _faults);
        }
    }

    internal void Record(RawRequest request) => _requests.Enqueue(request);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            var connection = new RawConnection(this, socket, Interlocked.Increment(ref _connectionCount) - 1);
            lock (_connections)
            {
                _connections.Add((connection, RunAsync(connection)));
            }
        }
    }

    private async Task RunAsync(RawConnection connection)
    {
        await Task.Yield();
        try
        {
            await _script(connection, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away or the server is stopping: both are normal ends of a connection here.
        }
        catch (Exception ex)
        {
            _faults.Enqueue(ex);
        }
        finally
        {
            connection.Close();
        }
    }
}

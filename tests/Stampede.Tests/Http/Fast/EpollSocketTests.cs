using System.Net;
using System.Net.Sockets;
using System.Text;
using Stampede.Http.Fast;
using static Stampede.Tests.Engine.EngineTestKit;

namespace Stampede.Tests.Http.Fast;

/// <summary>
/// Stampede's epoll-driven socket on its own, against a TcpListener on 127.0.0.1: the cases where an
/// edge-triggered design can lose a wake-up. (The HTTP conformance suite runs through it as well.)
/// </summary>
public sealed class EpollSocketTests : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _listener.Stop();
        return Task.CompletedTask;
    }

    [EpollFact]
    public async Task ReceiveAsync_DataAndCloseInOneEdge_ReturnsTheDataThenTheEnd()
    {
        var (client, server) = await ConnectAsync();
        using (server)
        using (client)
        {
            // Written and closed before the client reads, so one readiness edge reports both.
            server.Send("hello"u8);
            server.Shutdown(SocketShutdown.Both);
            server.Close();
            await WaitUntilReadableAsync(client.Socket);

            var buffer = new byte[64];
            var n = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Patience);
            Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, n));
            Assert.Equal(0, await client.ReceiveAsync(buffer).AsTask().WaitAsync(Patience));
        }
    }

    [EpollFact]
    public async Task ReceiveAsync_ResetAfterData_FailsWithConnectionReset()
    {
        var (client, server) = await ConnectAsync();
        using (client)
        {
            server.Send("partial"u8);
            server.LingerState = new LingerOption(true, 0);
            server.Close(); // linger 0: RST
            await WaitUntilReadableAsync(client.Socket);

            var buffer = new byte[64];
            var n = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Patience);
            Assert.Equal("partial", Encoding.ASCII.GetString(buffer, 0, n));
            var error = await Assert.ThrowsAsync<SocketException>(() => client.ReceiveAsync(buffer).AsTask().WaitAsync(Patience));
            Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        }
    }

    [EpollFact]
    public async Task ReceiveAsync_WaitingBeforeDataArrives_CompletesWhenItDoes()
    {
        var (client, server) = await ConnectAsync();
        using (server)
        using (client)
        {
            var buffer = new byte[64];
            var pending = client.ReceiveAsync(buffer).AsTask();
            Assert.False(pending.IsCompleted);

            server.Send("late"u8);

            var n = await pending.WaitAsync(Patience);
            Assert.Equal("late", Encoding.ASCII.GetString(buffer, 0, n));
        }
    }

    [EpollFact]
    public async Task ReceiveAsync_MoreThanTheBuffer_ReadsItAllWithoutAnotherEdge()
    {
        // 1 MiB sent at once, read 1 KiB at a time: most reads fill the buffer, after which no new edge
        // comes for what is already queued.
        var (client, server) = await ConnectAsync();
        using (server)
        using (client)
        {
            var payload = new byte[1 << 20];
            Random.Shared.NextBytes(payload);
            var sending = Task.Run(() =>
            {
                server.Send(payload);
                server.Shutdown(SocketShutdown.Send);
            });

            var received = new MemoryStream();
            var buffer = new byte[1024];
            int n;
            while ((n = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Patience)) > 0)
            {
                received.Write(buffer, 0, n);
            }

            await sending.WaitAsync(Patience);
            Assert.Equal(payload, received.ToArray());
        }
    }

    [EpollFact]
    public async Task Abort_PendingReceive_EndsIt()
    {
        var (client, server) = await ConnectAsync();
        using (server)
        using (client)
        {
            var pending = client.ReceiveAsync(new byte[64]).AsTask();

            client.Abort();

            // A shut-down socket reads as ended: the transport then reports the timeout or stop that aborted it.
            Assert.Equal(0, await pending.WaitAsync(Patience));
        }
    }

    [EpollFact]
    public async Task SendAsync_LargerThanTheSocketBuffer_WaitsForRoomAndSendsEverything()
    {
        var (client, server) = await ConnectAsync();
        using (server)
        using (client)
        {
            var payload = new byte[8 << 20];
            Random.Shared.NextBytes(payload);
            var receiving = Task.Run(() =>
            {
                var all = new MemoryStream();
                var buffer = new byte[64 * 1024];
                int n;
                while (all.Length < payload.Length && (n = server.Receive(buffer)) > 0)
                {
                    all.Write(buffer, 0, n);
                }

                return all.ToArray();
            });

            ReadOnlyMemory<byte> rest = payload;
            while (!rest.IsEmpty)
            {
                rest = rest[await client.SendAsync(rest).AsTask().WaitAsync(Patience)..];
            }

            Assert.Equal(payload, await receiving.WaitAsync(Patience));
        }
    }

    [EpollFact]
    public async Task ReceiveAsync_ManyConnectionsPingPonging_NoEdgeIsLost()
    {
        // Receives parked from thread-pool threads while the loop reports edges: an edge that falls between
        // the loop's two state transitions was once lost (4 of 1,000 connections stuck at 20,000 req/s).
        // 64 connections × 1,000 round trips give the race ~64,000 chances; each round trip must finish.
        const int connections = 64;
        const int roundTrips = 1000;
        var pairs = new List<(EpollSocket Client, Socket Server)>();
        for (var i = 0; i < connections; i++)
        {
            pairs.Add(await ConnectAsync());
        }

        try
        {
            var servers = pairs.Select(p => Task.Run(async () =>
            {
                var one = new byte[1];
                for (var i = 0; i < roundTrips; i++)
                {
                    Assert.Equal(1, await p.Server.ReceiveAsync(one));
                    await p.Server.SendAsync(one);
                }
            }));
            var clients = pairs.Select(p => Task.Run(async () =>
            {
                var one = new byte[1];
                for (var i = 0; i < roundTrips; i++)
                {
                    Assert.Equal(1, await p.Client.SendAsync(one));
                    Assert.Equal(1, await p.Client.ReceiveAsync(one).AsTask().WaitAsync(Patience));
                }
            }));

            await Task.WhenAll(servers.Concat(clients)).WaitAsync(Patience);
        }
        finally
        {
            foreach (var (client, server) in pairs)
            {
                client.Dispose();
                server.Dispose();
            }
        }
    }

    [EpollFact]
    public async Task ConnectAsync_NothingListening_FailsWithConnectionRefused()
    {
        var port = Port;
        _listener.Stop();

        var error = await Assert.ThrowsAsync<SocketException>(() => EpollSocket.ConnectAsync(IPAddress.Loopback, port, CancellationToken.None).AsTask());

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    private async Task<(EpollSocket Client, Socket Server)> ConnectAsync()
    {
        var accepting = _listener.AcceptSocketAsync();
        var client = await EpollSocket.ConnectAsync(IPAddress.Loopback, Port, CancellationToken.None).AsTask().WaitAsync(Patience);
        return (client, await accepting.WaitAsync(Patience));
    }

    // Waits (without reading) until data or the end is queued on the socket, so a test controls what one
    // readiness edge reports.
    private static async Task WaitUntilReadableAsync(Socket socket)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!socket.Poll(TimeSpan.FromMilliseconds(10), SelectMode.SelectRead))
        {
            Assert.True(DateTime.UtcNow < deadline, "the socket never became readable");
            await Task.Yield();
        }
    }
}

/// <summary>A fact that is skipped, and says why, where there is no epoll I/O path.</summary>
public sealed class EpollFactAttribute : FactAttribute
{
    public EpollFactAttribute()
    {
        if (!EpollSocket.IsSupported)
        {
            Skip = "Stampede's epoll I/O exists on Linux x64 only";
        }
    }
}

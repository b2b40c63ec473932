using System.Net;
using System.Net.Sockets;
using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Engine;

/// <summary>
/// Runs the request path before the test starts so the JIT has compiled it: HTTP requests through a
/// throwaway transport of the plan's kind to a canned-response server inside this process, recorded
/// into a throwaway recorder. Nothing reaches the target and nothing is counted in the results.
/// </summary>
/// <remarks>
/// Without it the first second of a run measures the JIT: tier-0 code on the request path made an
/// open-model run at 2000 req/s start iterations up to ~190 ms late and open hundreds of extra
/// connections (docs/performance.md). Methods are promoted to optimized code after 30 calls (the CLI
/// sets no call-counting delay), so a few thousand requests suffice.
/// </remarks>
internal static class WarmUp
{
    private static readonly byte[] Response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"u8.ToArray();

    /// <summary>Sends <paramref name="requests"/> requests over <paramref name="connections"/> VUs; returns how many succeeded.</summary>
    public static async Task<int> RunAsync(HttpSettings settings, int connections, int requests, CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(connections);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var serving = ServeAsync(listener, stop.Token);

        // Same client as the run, but plain HTTP/1.1 to the local server: TLS and HTTP/2 are not warmed.
        var local = settings with { Version = HttpVersionMode.Http11, Tls = new TlsSettings(), ConnectionPerVu = true, FollowRedirects = false };
        var request = new HttpRequestDefinition
        {
            Name = "warm-up",
            Method = HttpMethod.Get,
            Url = new Uri($"http://127.0.0.1:{port}/warm-up"),
            Timeout = TimeSpan.FromSeconds(5),
        };
        var succeeded = 0;
        try
        {
            using var factory = HttpTransportFactory.Create(local);
            using var recorder = new MetricsRecorder();
            var scenario = new ScenarioContext(
                new Scenario { Name = "warm-up", Executor = new SharedIterationsConfig(connections, requests), Body = new HttpFlow([request]) },
                0, TagSet.Empty, recorder);
            var loops = new Task<int>[connections];
            for (var i = 0; i < connections; i++)
            {
                var share = (requests / connections) + (i < requests % connections ? 1 : 0);
                loops[i] = LoopAsync(new VirtualUser(i + 1, scenario, factory), request, share, cancellationToken);
            }

            foreach (var count in await Task.WhenAll(loops).ConfigureAwait(false))
            {
                succeeded += count;
            }

            // Collecting runs the interval code once too.
            recorder.Collect();
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            listener.Close();
            await serving.ConfigureAwait(false);
        }

        return succeeded;
    }

    private static async Task<int> LoopAsync(VirtualUser vu, HttpRequestDefinition request, int count, CancellationToken cancellationToken)
    {
        using (vu)
        {
            var succeeded = 0;
            for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
            {
                vu.BeginIteration(0, openModel: false);
                var exchange = await vu.SendAsync(request, cancellationToken).ConfigureAwait(false);
                succeeded += exchange.Status == 200 && exchange.Error == ErrorKind.None ? 1 : 0;
            }

            return succeeded;
        }
    }

    private static async Task ServeAsync(Socket listener, CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                connections.Add(AnswerAsync(socket, cancellationToken));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    /// <summary>Answers every request head on the connection with the canned response (requests carry no body).</summary>
    private static async Task AnswerAsync(Socket socket, CancellationToken cancellationToken)
    {
        using (socket)
        {
            var buffer = new byte[4096];
            var filled = 0;
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    filled += n;
                    int end;
                    while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) >= 0)
                    {
                        var consumed = end + 4;
                        Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                        filled -= consumed;
                        await socket.SendAsync(Response, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }

                    if (filled == buffer.Length)
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client closed or the warm-up ended.
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stampede.Tests.Http.Conformance;

/// <summary>
/// A real nginx (Debian package <c>nginx</c>) on 127.0.0.1, run as a child process from a config and
/// document root written to a temp directory; killed on dispose. Fails, never skips, when nginx is missing.
/// </summary>
public sealed class NginxServer : IAsyncLifetime
{
    public const string Binary = "/usr/sbin/nginx";

    /// <summary>Requests per connection on the <see cref="LimitedUrl"/> server before nginx closes it.</summary>
    public const int KeepaliveRequests = 3;

    public const string ChunkedBody = "start ok middle world end\n";

    private const int StartAttempts = 3;

    private readonly StringBuilder _output = new();
    private Process? _process;
    private int _port;
    private int _limitedPort;

    public NginxServer()
    {
        Directory = Path.Combine(Path.GetTempPath(), "stampede-nginx-" + Guid.NewGuid().ToString("N"));
        StaticBody = ConformanceClient.Pattern(1 << 20);
    }

    public string Directory { get; }

    /// <summary>The bytes of <c>/static.bin</c>, served with sendfile.</summary>
    public byte[] StaticBody { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{_port}{path}");

    /// <summary>A URL on the server block with <c>keepalive_requests <see cref="KeepaliveRequests"/></c>.</summary>
    public Uri LimitedUrl(string path) => new($"http://127.0.0.1:{_limitedPort}{path}");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                $"nginx not found at {Binary}: the nginx conformance tests need it; install it with 'sudo apt-get install -y nginx' (.ci/run does)");
        }

        var www = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "www")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(www, "static.bin"), StaticBody);

        // SSI output has no length known in advance, so nginx sends it chunked; the include is a
        // subrequest, which makes more than one chunk.
        await File.WriteAllTextAsync(Path.Combine(www, "chunked.html"),
            "start <!--# include virtual=\"/ok\" --> middle <!--# echo var=\"unset\" default=\"world\" --> end\n");

        for (var attempt = 1; ; attempt++)
        {
            // A free port can be taken between probing and nginx binding it: start again on new ports.
            (_port, _limitedPort) = (FreePort(), FreePort());
            var config = Path.Combine(Directory, "nginx.conf");
            await File.WriteAllTextAsync(config, Config(www));
            if (await TryStartAsync(config))
            {
                return;
            }

            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"nginx did not start ({StartAttempts} attempts): {Diagnostics()}");
            }
        }
    }

    /// <summary>Connections nginx has accepted so far (stub_status), counting the one that asks.</summary>
    public async Task<long> AcceptedConnectionsAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /status HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var text = await reader.ReadToEndAsync();

        // "server accepts handled requests\n N N N"
        var lines = text.Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith("server accepts", StringComparison.Ordinal));
        Assert.True(index >= 0, "stub_status answered: " + text);
        return long.Parse(lines[index + 1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private string Config(string www) => $$"""
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{Directory}}/nginx.pid;
        error_log {{Directory}}/error.log warn;
        events { worker_connections 2048; }
        http {
            access_log off;
            client_body_temp_path {{Directory}}/client_body;
            proxy_temp_path {{Directory}}/proxy;
            fastcgi_temp_path {{Directory}}/fastcgi;
            uwsgi_temp_path {{Directory}}/uwsgi;
            scgi_temp_path {{Directory}}/scgi;
            default_type application/octet-stream;
            sendfile on;
            server {
                listen 127.0.0.1:{{_port}};
                root {{www}};
                location = /ok { return 200 "ok"; }
                location = /static.bin { }
                location = /chunked { default_type text/html; ssi on; try_files /chunked.html =500; }
                location = /empty { return 204; }
                location = /missing { return 404; }
                location = /status { stub_status; }
            }
            server {
                listen 127.0.0.1:{{_limitedPort}};
                keepalive_requests {{KeepaliveRequests}};
                location = /ok { return 200 "ok"; }
            }
        }
        """;

    private async Task<bool> TryStartAsync(string config)
    {
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList = { "-e", Path.Combine(Directory, "error.log"), "-p", Directory, "-c", config },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                await StopAsync();
                return false;
            }

            if (await AcceptsAsync(_port) && await AcceptsAsync(_limitedPort))
            {
                return true;
            }

            await Task.Delay(10);
        }

        await StopAsync();
        throw new InvalidOperationException($"nginx did not accept connections on 127.0.0.1:{_port} within 10 s: {Diagnostics()}");
    }

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            process.Dispose();
        }
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Diagnostics()
    {
        var log = Path.Combine(Directory, "error.log");
        lock (_output)
        {
            return (_output + (File.Exists(log) ? File.ReadAllText(log) : string.Empty)).ReplaceLineEndings(" | ");
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>
/// A real server binary (influxd, prometheus) started by a test on 127.0.0.1 with a free port and a temporary
/// directory, waited for by polling its readiness URL (bounded), and stopped on dispose. A missing binary fails
/// the test with the package to install; it never passes silently.
/// </summary>
internal abstract class ExternalServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _log = new();
    private Process? _process;

    protected ExternalServer()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("stampede-" + GetType().Name.ToLowerInvariant() + "-").FullName;
        Port = FreePort();
    }

    /// <summary>The server's temporary directory (data, config).</summary>
    public string Directory { get; }

    /// <summary>The HTTP port on 127.0.0.1.</summary>
    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    protected async Task StartAsync(string binary, string package, IEnumerable<string> arguments, string readyPath, HttpStatusCode readyStatus)
    {
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"{binary} not found: install the Debian package '{package}' (sudo apt-get install {package}; .ci/run installs it without starting the service)");
        }

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{binary} exited with code {_process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(BaseUrl, readyPath));
                if (response.StatusCode == readyStatus)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{binary} was not ready on {BaseUrl}{readyPath} within {ReadyTimeout.TotalSeconds} s:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp directory is cleaned up by the system later.
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}

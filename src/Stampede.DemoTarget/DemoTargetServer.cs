using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stampede.DemoTarget.Certificates;
using Stampede.DemoTarget.Crypto;
using Stampede.DemoTarget.Endpoints;
using Stampede.DemoTarget.Hosting;
using Stampede.DemoTarget.RateLimiting;
using Stampede.DemoTarget.Timing;

namespace Stampede.DemoTarget;

/// <summary>
/// The demo target: a Kestrel server on loopback with endpoints for trying load tests (see docs/demo-target.md).
/// It writes nothing to the console and leaves Ctrl+C and SIGTERM to the host process.
/// </summary>
public sealed class DemoTargetServer : IAsyncDisposable
{
    /// <summary>Bodies of the demo endpoints are small; a low cap keeps a careless test from eating memory.</summary>
    private const long MaxRequestBodySize = 1024 * 1024;

    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly PreciseTimer _timer;
    private readonly AesGcmCipher _cipher;
    private readonly X509Certificate2? _serverCertificate;
    private readonly X509Certificate2? _caCertificate;
    private readonly Lock _stopLock = new();
    private Task? _stopTask;
    private int _disposed;

    private DemoTargetServer(
        WebApplication app,
        PreciseTimer timer,
        AesGcmCipher cipher,
        PkiFiles? pki,
        X509Certificate2? serverCertificate,
        X509Certificate2? caCertificate)
    {
        _app = app;
        _timer = timer;
        _cipher = cipher;
        Pki = pki;
        _serverCertificate = serverCertificate;
        _caCertificate = caCertificate;
    }

    /// <summary>The addresses actually bound, with ephemeral ports resolved; <c>https</c> when TLS is on.</summary>
    public IReadOnlyList<Uri> Urls { get; private set; } = [];

    /// <summary>The first of <see cref="Urls"/>.</summary>
    public Uri BaseUrl => Urls[0];

    /// <summary>The certificate files in use when TLS or mTLS is on; otherwise <see langword="null"/>.</summary>
    public PkiFiles? Pki { get; }

    /// <summary>
    /// Validates <paramref name="options"/>, generates or reuses the PKI when TLS is on, and starts listening.
    /// </summary>
    /// <param name="options">What to listen on and how.</param>
    /// <param name="cancellationToken">Abandons start-up.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="ArgumentException">
    /// The options are invalid, for instance a URL that is not loopback; the message lists every problem.
    /// </exception>
    /// <exception cref="IOException">An address is already in use.</exception>
    public static async Task<DemoTargetServer> StartAsync(DemoTargetOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoints = DemoTargetOptionsValidator.Validate(options);
        var pki = options.UsesTls ? DemoTarget.Pki.Generate(options.PkiDirectory) : null;

        X509Certificate2? serverCertificate = null;
        X509Certificate2? caCertificate = null;
        if (pki is not null)
        {
            serverCertificate = X509Certificate2.CreateFromPemFile(pki.ServerCertificate, pki.ServerKey);
            caCertificate = X509CertificateLoader.LoadCertificateFromFile(pki.CaCertificate);
        }

        var timer = new PreciseTimer();
        var cipher = new AesGcmCipher();
        var app = Build(options, endpoints, serverCertificate, caCertificate, timer, cipher);
        var server = new DemoTargetServer(app, timer, cipher, pki, serverCertificate, caCertificate);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            server.Urls = BoundUrls(app);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>
    /// Stops listening. Requests waiting in <c>/api/slow</c> or <c>/api/stall</c> are answered 503 at once and
    /// WebSockets are closed, so stopping takes milliseconds, not the longest wait. Later calls return the first stop.
    /// </summary>
    /// <param name="cancellationToken">Cuts the graceful stop short; remaining connections are aborted.</param>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopLock)
        {
            return _stopTask ??= StopCoreAsync(cancellationToken);
        }
    }

    /// <summary>Stops the server if still running and releases its key, certificates and timer thread.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _timer.Dispose();
            _cipher.Dispose();
            _serverCertificate?.Dispose();
            _caCertificate?.Dispose();
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _timer.Dispose();
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private static WebApplication Build(
        DemoTargetOptions options,
        List<ListenEndpoint> endpoints,
        X509Certificate2? serverCertificate,
        X509Certificate2? caCertificate,
        PreciseTimer timer,
        AesGcmCipher cipher)
    {
        // The empty builder brings no configuration sources, logging providers or middleware we did not ask for.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DemoTargetServer).Assembly.GetName().Name,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        // No handler here ever blocks, so request code may run on the socket threads: that saves a thread-pool
        // hop per read and per write, which on small VMs is most of the latency a precise delay cannot remove.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // h2c requests carry :scheme http on a connection H2cPriorKnowledge marks as negotiated h2.
            kestrel.AllowAlternateSchemes = true;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            var https = serverCertificate is null ? null : HttpsOptions(options, serverCertificate, caCertificate!);
            foreach (var endpoint in endpoints)
            {
                void Configure(ListenOptions listen)
                {
                    listen.Protocols = options.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                    if (https is not null)
                    {
                        listen.UseHttps(https);
                    }
                    else if (options.Http2)
                    {
                        listen.Use(next => connection => H2cPriorKnowledge.DetectAsync(connection, next));
                    }
                }

                if (endpoint.Address is null)
                {
                    kestrel.ListenLocalhost(endpoint.Port, Configure);
                }
                else
                {
                    kestrel.Listen(endpoint.Address, endpoint.Port, Configure);
                }
            }
        });

        var app = builder.Build();
        app.UseWebSockets();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var bucket = new TokenBucket(options.RateLimitPerSecond, options.RateLimitBurst, TimeProvider.System);
        DemoEndpoints.Map(
            app,
            new CryptoEndpoints(cipher),
            new TimingEndpoints(timer, Stopwatch.GetTimestamp()),
            new LimitedEndpoint(bucket),
            new QueueEndpoint(timer),
            new WebSocketEchoEndpoint(lifetime.ApplicationStopping));
        return app;
    }

    private static HttpsConnectionAdapterOptions HttpsOptions(DemoTargetOptions options, X509Certificate2 serverCertificate, X509Certificate2 caCertificate)
    {
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            // The throwaway CA publishes no revocation list; checking would only stall handshakes.
            CheckCertificateRevocation = false,
        };
        if (options.Mtls)
        {
            var validator = new ClientCertificateValidator(caCertificate, TimeProvider.System);
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = validator.Validate;
        }

        return https;
    }

    private static List<Uri> BoundUrls(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var urls = new List<Uri>(addresses.Count);
        foreach (var address in addresses)
        {
            urls.Add(new Uri(address, UriKind.Absolute));
        }

        return urls;
    }
}

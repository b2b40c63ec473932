using Stampede.Http.Fast;

namespace Stampede.Http;

/// <summary>
/// Builds the HTTP transports of a run from <see cref="HttpSettings"/>: certificates are loaded and
/// checked once, here; each VU then gets its own connection pool, or all VUs share one.
/// </summary>
public sealed class HttpTransportFactory : IHttpTransportFactory
{
    private readonly HttpSettings _settings;
    private readonly TlsMaterial _tls;
    private readonly HttpTransport? _shared;
    private readonly Lazy<TimeoutWatchdog> _watchdog = new(() => new TimeoutWatchdog(), LazyThreadSafetyMode.ExecutionAndPublication);
    private long _openConnections;

    private HttpTransportFactory(HttpSettings settings, TlsMaterial tls)
    {
        _settings = settings;
        _tls = tls;
        UsesFastTransport = UsesFast(settings);
        _shared = settings.ConnectionPerVu || UsesFastTransport ? null : new HttpTransport(this, settings, tls, shared: true);
    }

    /// <summary>True when requests go through Stampede's own HTTP/1.1 client, false for SocketsHttpHandler.</summary>
    public bool UsesFastTransport { get; }

    /// <summary>
    /// Validates <paramref name="settings"/> and loads the CA and client certificates.
    /// </summary>
    /// <exception cref="InvalidInputException">A setting is out of range or a certificate, key or CA
    /// file is missing, unreadable, password-protected with another password, or does not match.</exception>
    public static HttpTransportFactory Create(HttpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Timeout <= TimeSpan.Zero && settings.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new InvalidInputException($"timeout: {Engine.Durations.Format(settings.Timeout)} is not a timeout; give a positive duration like 30s");
        }

        if (settings.FollowRedirects && settings.MaxRedirects < 1)
        {
            throw new InvalidInputException($"max redirects: {settings.MaxRedirects} with redirects on; give 1 or more, or turn redirects off");
        }

        if (settings.MaxCapturedBodyBytes < 0)
        {
            throw new InvalidInputException($"max captured body: {settings.MaxCapturedBodyBytes} bytes; give 0 or more");
        }

        if (settings.Transport == HttpTransportKind.Fast && FastTransportUnsupported(settings) is { } reason)
        {
            throw new InvalidInputException($"transport fast: {reason}; use transport auto or handler");
        }

        return new HttpTransportFactory(settings, TlsMaterial.Load(settings.Tls));
    }

    /// <summary>
    /// A new transport with its own connection pool when <see cref="HttpSettings.ConnectionPerVu"/> is
    /// on (the caller disposes it); otherwise the shared transport, which the factory owns — disposing
    /// it does nothing.
    /// </summary>
    public IHttpTransport Create()
    {
        ObjectDisposedException.ThrowIf(_tls.IsDisposed, this);
        if (UsesFastTransport)
        {
            return new Http1Transport(this, _settings, _tls, _watchdog.Value);
        }

        return _shared ?? new HttpTransport(this, _settings, _tls, shared: false);
    }

    /// <inheritdoc />
    public long OpenConnections => Interlocked.Read(ref _openConnections);

    /// <summary>Disposes the shared transport and the certificates. Dispose per-VU transports first.</summary>
    public void Dispose()
    {
        _shared?.Release();
        if (_watchdog.IsValueCreated)
        {
            _watchdog.Value.Dispose();
        }

        _tls.Dispose();
    }

    /// <summary>Whether <paramref name="settings"/> send requests through Stampede's own HTTP/1.1 client.</summary>
    public static bool UsesFast(HttpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Transport switch
        {
            HttpTransportKind.Fast => true,
            HttpTransportKind.Handler => false,
            _ => FastTransportUnsupported(settings) is null,
        };
    }

    /// <summary>Why Stampede's HTTP/1.1 client cannot serve these settings, or null when it can.</summary>
    private static string? FastTransportUnsupported(HttpSettings settings) =>
        settings.Version != HttpVersionMode.Http11 ? "it speaks HTTP/1.1 only (HTTP/2 was asked for)"
        : !settings.ConnectionPerVu ? "it keeps connections per VU (a shared pool was asked for)"
        : settings.FollowRedirects ? "it does not follow redirects (redirects were turned on)"
        : null;

    internal void ConnectionOpened() => Interlocked.Increment(ref _openConnections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);
}

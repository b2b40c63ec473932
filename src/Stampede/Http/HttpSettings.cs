namespace Stampede.Http;

/// <summary>How HTTP clients are built for a run. Defaults suit a load generator: no proxy, no
/// redirects, no decompression, no cookies unless asked, TLS verified.</summary>
public sealed record HttpSettings
{
    /// <summary>HTTP version to speak. Default <see cref="HttpVersionMode.Http11"/>.</summary>
    public HttpVersionMode Version { get; init; } = HttpVersionMode.Http11;

    /// <summary>Per-request timeout. Default 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>TLS settings. Default: verify against the system trust store, no client certificate.</summary>
    public TlsSettings Tls { get; init; } = new();

    /// <summary>Follow redirects (up to <see cref="MaxRedirects"/>). Default false.</summary>
    public bool FollowRedirects { get; init; }

    /// <summary>Most redirects followed when <see cref="FollowRedirects"/> is on. Default 10.</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>True: one connection pool per VU (default, like real users). False: one pool shared by all VUs.</summary>
    public bool ConnectionPerVu { get; init; } = true;

    /// <summary>
    /// Which HTTP client sends the requests. Default <see cref="HttpTransportKind.Auto"/>: Stampede's own
    /// HTTP/1.1 client where it applies, SocketsHttpHandler otherwise.
    /// </summary>
    public HttpTransportKind Transport { get; init; } = HttpTransportKind.Auto;

    /// <summary>Largest response body captured for checks and extractors; the rest is drained and counted. Default 1 MiB.</summary>
    public int MaxCapturedBodyBytes { get; init; } = 1 << 20;
}

/// <summary>Which HTTP version requests use.</summary>
public enum HttpVersionMode
{
    /// <summary>HTTP/1.1 with keep-alive.</summary>
    Http11,

    /// <summary>HTTP/2: ALPN over TLS, or h2c with prior knowledge on http:// URLs.</summary>
    Http2,
}

/// <summary>Which HTTP client implementation sends requests.</summary>
public enum HttpTransportKind
{
    /// <summary>
    /// Stampede's HTTP/1.1 client when the settings allow it (HTTP/1.1, one connection per VU, no
    /// redirects); SocketsHttpHandler otherwise.
    /// </summary>
    Auto,

    /// <summary>Always Stampede's HTTP/1.1 client; settings it cannot serve are an error.</summary>
    Fast,

    /// <summary>Always .NET's SocketsHttpHandler.</summary>
    Handler,
}

/// <summary>The names of <see cref="HttpTransportKind"/> values in scenario files and on the command line.</summary>
public static class HttpTransportKinds
{
    /// <summary>Valid names: auto, fast, handler.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "fast", "handler"];

    /// <summary>Parses a name (case-insensitive).</summary>
    public static bool TryParse(string? text, out HttpTransportKind kind)
    {
        kind = text?.ToLowerInvariant() switch
        {
            "auto" => HttpTransportKind.Auto,
            "fast" => HttpTransportKind.Fast,
            "handler" => HttpTransportKind.Handler,
            _ => (HttpTransportKind)(-1),
        };
        return kind >= HttpTransportKind.Auto;
    }
}

/// <summary>TLS and client-certificate settings. Paths are PEM or PKCS#12 files.</summary>
public sealed record TlsSettings
{
    /// <summary>A PEM file of CA certificates to trust (in addition to none: only this CA is trusted when set).</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>Client certificate: a PEM certificate (with <see cref="ClientKeyPath"/>) or a PKCS#12 (.p12/.pfx) file.</summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>Client private key, PEM (PKCS#8, PKCS#1 or SEC1), when the certificate is PEM.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>Password of a PKCS#12 client certificate. Never printed or written to reports.</summary>
    public string? ClientCertificatePassword { get; init; }

    /// <summary>Skip server certificate verification. Default false; the summary says so when on.</summary>
    public bool Insecure { get; init; }
}

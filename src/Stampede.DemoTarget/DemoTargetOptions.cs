namespace Stampede.DemoTarget;

/// <summary>
/// What the demo target listens on and how. Validated by <see cref="DemoTargetServer.StartAsync"/>,
/// which reports every problem at once.
/// </summary>
public sealed record DemoTargetOptions
{
    /// <summary>
    /// Addresses to listen on. Default <c>["http://127.0.0.1:5080"]</c>. Only loopback hosts are accepted
    /// (<c>127.0.0.0/8</c>, <c>[::1]</c>, <c>localhost</c>). Port 0 asks for an ephemeral port; the real bound
    /// addresses are in <see cref="DemoTargetServer.Urls"/> after start. When TLS is on (<see cref="Tls"/>,
    /// <see cref="Mtls"/> or any <c>https://</c> URL) every listener serves HTTPS.
    /// </summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:5080"];

    /// <summary>Serve HTTPS with a server certificate from <see cref="PkiDirectory"/>. Default <see langword="false"/>.</summary>
    public bool Tls { get; init; }

    /// <summary>
    /// Serve HTTPS and require a client certificate signed by the generated CA; implies <see cref="Tls"/>.
    /// Default <see langword="false"/>.
    /// </summary>
    public bool Mtls { get; init; }

    /// <summary>Folder for the generated CA, server and client certificates (see <see cref="Pki.Generate(string, IEnumerable{string})"/>). Default <c>"pki"</c>.</summary>
    public string PkiDirectory { get; init; } = "pki";

    /// <summary>
    /// Offer HTTP/2 next to HTTP/1.1: negotiated by ALPN over TLS, by prior knowledge (h2c) over plain HTTP.
    /// Default <see langword="true"/>; <see langword="false"/> serves HTTP/1.1 only.
    /// </summary>
    public bool Http2 { get; init; } = true;

    /// <summary>Steady rate of the token bucket behind <c>/api/limited</c>, in requests per second (at least 1). Default 100.</summary>
    public int RateLimitPerSecond { get; init; } = 100;

    /// <summary>Capacity of the token bucket behind <c>/api/limited</c>: requests allowed at once after a quiet spell (at least 1). Default 20.</summary>
    public int RateLimitBurst { get; init; } = 20;

    /// <summary>Whether listeners serve HTTPS: asked for by <see cref="Tls"/>, <see cref="Mtls"/> or an <c>https://</c> URL.</summary>
    internal bool UsesTls => Tls || Mtls || AnyHttpsUrl();

    private bool AnyHttpsUrl()
    {
        foreach (var url in Urls)
        {
            if (url is not null && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

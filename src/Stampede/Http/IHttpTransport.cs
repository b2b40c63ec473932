namespace Stampede.Http;

/// <summary>
/// Sends HTTP requests for one VU (or for all, when connections are shared). Implementations never
/// throw for request failures: they return an <see cref="HttpExchange"/> with an error kind.
/// </summary>
public interface IHttpTransport : IDisposable
{
    /// <summary>Sends a request and reads (drains) the response.</summary>
    ValueTask<HttpExchange> SendAsync(HttpRequestDefinition request, CancellationToken cancellationToken);
}

/// <summary>Creates transports for VUs; owns what they share (certificates, connection counts).</summary>
public interface IHttpTransportFactory : IDisposable
{
    /// <summary>A transport for one VU (or the shared one when connections are not per VU).</summary>
    IHttpTransport Create();

    /// <summary>Connections currently open across all transports made by this factory.</summary>
    long OpenConnections { get; }
}

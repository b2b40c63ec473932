namespace Stampede.Http;

/// <summary>
/// A request message that carries the connection set-up times of the connection it caused to open,
/// so the connect and TLS callbacks can hand them to the request without a lookup or allocation.
/// </summary>
/// <remarks>
/// SocketsHttpHandler gives a new connection to the first waiting request. A per-VU transport has one
/// request at a time, so that is the request that caused it; in a shared pool another request may get
/// the connection, and these times then belong to the request that asked for it.
/// </remarks>
internal sealed class TimedRequestMessage : HttpRequestMessage
{
    public TimedRequestMessage(HttpMethod method, Uri url)
        : base(method, url)
    {
    }

    /// <summary>The connection this request caused to open, until its TLS handshake is done.</summary>
    public CountingStream? OpenedConnection { get; set; }

    /// <summary>Stopwatch ticks spent resolving and connecting, or 0.</summary>
    public long ConnectTicks { get; set; }

    /// <summary>Stopwatch ticks spent in the TLS handshake, or 0.</summary>
    public long TlsTicks { get; set; }
}

using Stampede.Metrics;

namespace Stampede.Http;

/// <summary>The outcome of one request as the transport saw it. Failures are data, not exceptions.</summary>
public readonly struct HttpExchange
{
    /// <summary>Creates an outcome.</summary>
    public HttpExchange(int status, ErrorKind error, string? errorMessage, long start, long end,
        long bytesSent, long bytesReceived, RequestPhases phases, ReadOnlyMemory<byte> body,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        Headers = headers;
        Status = status;
        Error = error;
        ErrorMessage = errorMessage;
        Start = start;
        End = end;
        BytesSent = bytesSent;
        BytesReceived = bytesReceived;
        Phases = phases;
        Body = body;
    }

    /// <summary>HTTP status, or 0 with no response.</summary>
    public int Status { get; }

    /// <summary>Transport-level failure (timeout, refused, reset, tls, dns, protocol, cancelled), or
    /// <see cref="ErrorKind.None"/>. Status-based kinds (4xx/5xx) are decided by the caller from
    /// <see cref="Status"/> and the expected statuses.</summary>
    public ErrorKind Error { get; }

    /// <summary>A one-line description of a failure, or null.</summary>
    public string? ErrorMessage { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp when sending began.</summary>
    public long Start { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp when the response was fully read or the request failed.</summary>
    public long End { get; }

    /// <summary>Bytes written to the connection for this request.</summary>
    public long BytesSent { get; }

    /// <summary>Bytes read from the connection for this request.</summary>
    public long BytesReceived { get; }

    /// <summary>Phase timings.</summary>
    public RequestPhases Phases { get; }

    /// <summary>The response headers the request asked to keep (<see cref="HttpRequestDefinition.CaptureHeaders"/>), in
    /// order, or null.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; }

    /// <summary>The captured response body (empty unless the request asked for it).</summary>
    public ReadOnlyMemory<byte> Body { get; }
}

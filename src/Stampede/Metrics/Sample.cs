namespace Stampede.Metrics;

/// <summary>
/// One finished request, as a protocol step reports it to the recorder. All times are
/// <see cref="System.Diagnostics.Stopwatch"/> timestamps; durations are derived once, at record time.
/// </summary>
/// <remarks>
/// In the open model <see cref="IntendedStart"/> is when the schedule meant the request to start; the
/// response time is measured from it so a stalled server cannot hide behind a stalled generator.
/// In the closed model it equals <see cref="ActualStart"/>.
/// </remarks>
public readonly struct Sample
{
    /// <summary>Creates a sample.</summary>
    public Sample(int seriesId, long intendedStart, long actualStart, long end, int status, ErrorKind error,
        long bytesSent, long bytesReceived, RequestPhases phases)
    {
        SeriesId = seriesId;
        IntendedStart = intendedStart;
        ActualStart = actualStart;
        End = end;
        Status = status;
        Error = error;
        BytesSent = bytesSent;
        BytesReceived = bytesReceived;
        Phases = phases;
    }

    /// <summary>The request's base tag set, interned in a <see cref="TagRegistry"/> when the plan is prepared.</summary>
    public int SeriesId { get; }

    /// <summary>When the schedule intended the request to start.</summary>
    public long IntendedStart { get; }

    /// <summary>When the request was actually sent.</summary>
    public long ActualStart { get; }

    /// <summary>When the response was fully read, or the request failed.</summary>
    public long End { get; }

    /// <summary>HTTP status, or 0 when there was no response.</summary>
    public int Status { get; }

    /// <summary>The failure, if any.</summary>
    public ErrorKind Error { get; }

    /// <summary>Bytes written to the network for this request.</summary>
    public long BytesSent { get; }

    /// <summary>Bytes read from the network for this request.</summary>
    public long BytesReceived { get; }

    /// <summary>Connection, TLS, sending, waiting and receiving times.</summary>
    public RequestPhases Phases { get; }

    /// <summary>True when the request failed (transport error or error status).</summary>
    public bool Failed => Error != ErrorKind.None;
}

/// <summary>Durations of the phases of one request, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
/// <param name="Connecting">TCP connect (0 on a reused connection).</param>
/// <param name="TlsHandshaking">TLS handshake (0 on a reused or plain connection).</param>
/// <param name="Sending">Writing the request.</param>
/// <param name="Waiting">From the end of sending to the first response byte.</param>
/// <param name="Receiving">From the first response byte to the end.</param>
public readonly record struct RequestPhases(long Connecting, long TlsHandshaking, long Sending, long Waiting, long Receiving);

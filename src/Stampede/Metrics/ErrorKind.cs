namespace Stampede.Metrics;

/// <summary>Why a request failed. Failures are data, never exceptions flowing through the engine.</summary>
public enum ErrorKind : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The server answered 4xx.</summary>
    Http4xx,

    /// <summary>The server answered 5xx.</summary>
    Http5xx,

    /// <summary>The request did not complete within its timeout.</summary>
    Timeout,

    /// <summary>The connection was refused.</summary>
    ConnectionRefused,

    /// <summary>The connection was reset or closed mid-request.</summary>
    ConnectionReset,

    /// <summary>The TLS handshake failed (certificate, protocol, client certificate).</summary>
    Tls,

    /// <summary>The host name could not be resolved.</summary>
    Dns,

    /// <summary>The server's answer broke the protocol.</summary>
    Protocol,

    /// <summary>A check failed (issue 3).</summary>
    CheckFailed,

    /// <summary>The run stopped while the request was in flight.</summary>
    Cancelled,

    /// <summary>Anything else; the message tells.</summary>
    Other,
}

/// <summary>Names of error kinds as they appear in results and reports.</summary>
public static class ErrorKinds
{
    private static readonly string[] Names =
    [
        "none", "http_4xx", "http_5xx", "timeout", "connection_refused", "connection_reset", "tls", "dns",
        "protocol", "check_failed", "cancelled", "other",
    ];

    /// <summary>The snake_case name of a kind (<c>connection_refused</c>).</summary>
    public static string ToName(this ErrorKind kind) => Names[(int)kind];

    /// <summary>Parses a name written by <see cref="ToName"/>.</summary>
    public static bool TryParse(string name, out ErrorKind kind)
    {
        var index = Array.IndexOf(Names, name);
        kind = index < 0 ? ErrorKind.None : (ErrorKind)index;
        return index >= 0;
    }

    /// <summary>The kind implied by an HTTP status code alone.</summary>
    public static ErrorKind FromStatus(int status) => status switch
    {
        >= 500 => ErrorKind.Http5xx,
        >= 400 => ErrorKind.Http4xx,
        _ => ErrorKind.None,
    };
}

namespace Stampede.Http;

/// <summary>
/// One HTTP request as prepared from a scenario, CLI flags or C#: everything that does not change per
/// request is computed once here.
/// </summary>
public sealed record HttpRequestDefinition
{
    /// <summary>The request's name, used to group templated URLs (tag <c>name</c>). Defaults to the URL.</summary>
    public required string Name { get; init; }

    /// <summary>HTTP method.</summary>
    public required HttpMethod Method { get; init; }

    /// <summary>Absolute URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>Request headers (content headers such as Content-Type included).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Request body; empty for none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Per-request timeout overriding <see cref="HttpSettings.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Capture the response body (up to <see cref="HttpSettings.MaxCapturedBodyBytes"/>) for checks and extractors.</summary>
    public bool CaptureBody { get; init; }

    /// <summary>Which response headers to keep in <see cref="HttpExchange.Headers"/> (for checks, extractors and
    /// cookies). Default none: headers are parsed for framing only.</summary>
    public HeaderCapture CaptureHeaders { get; init; }

    /// <summary>Statuses that count as success; null means any status below 400.</summary>
    public IReadOnlyList<int>? ExpectedStatuses { get; init; }
}

/// <summary>Which response headers a request keeps.</summary>
public enum HeaderCapture : byte
{
    /// <summary>None.</summary>
    None,

    /// <summary>Only <c>Set-Cookie</c>, for the VU's cookie jar.</summary>
    Cookies,

    /// <summary>All of them.</summary>
    All,
}

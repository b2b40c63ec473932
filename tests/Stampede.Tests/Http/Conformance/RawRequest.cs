namespace Stampede.Tests.Http.Conformance;

/// <summary>A request as a <see cref="RawHttpServer"/> read it off the wire.</summary>
/// <param name="ConnectionIndex">Which connection carried it (0 = the first accepted).</param>
/// <param name="RequestLine">The request line without its CRLF, e.g. <c>GET /a?b=1 HTTP/1.1</c>.</param>
/// <param name="Headers">Header fields in arrival order, values trimmed.</param>
/// <param name="Body">The body, de-chunked if it was sent chunked.</param>
/// <param name="WireBytes">Bytes the request took on the wire: head, body and chunk framing.</param>
internal sealed record RawRequest(int ConnectionIndex, string RequestLine, IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body, int WireBytes)
{
    public string Method => RequestLine.Split(' ')[0];

    /// <summary>The request target, e.g. <c>/a?b=1</c>.</summary>
    public string Target => RequestLine.Split(' ')[1];

    /// <summary>The target without its query.</summary>
    public string Path => Target.Split('?')[0];

    /// <summary>The values of a header, comma-joined, or null when absent; names compare case-insensitively.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}

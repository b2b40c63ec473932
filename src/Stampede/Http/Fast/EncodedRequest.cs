using System.Globalization;
using System.Net;
using System.Text;

namespace Stampede.Http.Fast;

/// <summary>
/// A request definition serialized once into HTTP/1.1 wire bytes: request line, headers and body in
/// one buffer, so sending it is a single write with no formatting on the hot path.
/// </summary>
internal sealed class EncodedRequest
{
    /// <summary>Bodies up to this size share the buffer with the head; larger ones are written separately.</summary>
    private const int InlineBodyLimit = 64 * 1024;

    private EncodedRequest(Origin origin, bool isHead, byte[] head, ReadOnlyMemory<byte> body, string? invalid)
    {
        Origin = origin;
        IsHead = isHead;
        Head = head;
        Body = body;
        Invalid = invalid;
    }

    /// <summary>Where the request goes.</summary>
    public Origin Origin { get; }

    /// <summary>The method is HEAD: the response has no body whatever its headers say.</summary>
    public bool IsHead { get; }

    /// <summary>Request line and headers, followed by the body when it is small.</summary>
    public byte[] Head { get; }

    /// <summary>The body when it is too large to copy into <see cref="Head"/>; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Why the request cannot be sent (a header that would break the framing), or null.</summary>
    public string? Invalid { get; }

    public static EncodedRequest Encode(HttpRequestDefinition request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.Url;
        var origin = Origin.Of(url);
        var method = request.Method.Method;
        var text = new StringBuilder(128);
        text.Append(method).Append(' ').Append(url.PathAndQuery).Append(" HTTP/1.1\r\n");

        string? invalid = null;
        var hasHost = false;
        foreach (var (name, value) in request.Headers)
        {
            if (!IsToken(name))
            {
                invalid ??= $"request header name '{Printable(name)}' is not a valid HTTP header name";
                continue;
            }

            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                invalid ??= $"request header '{name}' has a line break in its value";
                continue;
            }

            // The body's length is framed here; a user's Content-Length or Transfer-Encoding would contradict it.
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            hasHost |= name.Equals("Host", StringComparison.OrdinalIgnoreCase);
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!hasHost)
        {
            text.Append("Host: ").Append(origin.HostHeader).Append("\r\n");
        }

        var body = request.Body;
        if (!body.IsEmpty || MethodExpectsBody(method))
        {
            text.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        text.Append("\r\n");

        // Latin-1: header values that are not ASCII are sent byte for byte, as HttpClient does by default.
        var headLength = text.Length;
        var inline = body.Length <= InlineBodyLimit;
        var head = new byte[headLength + (inline ? body.Length : 0)];
        Encoding.Latin1.GetBytes(text.ToString(), head);
        if (inline)
        {
            body.Span.CopyTo(head.AsSpan(headLength));
        }

        return new EncodedRequest(origin, method == "HEAD", head, inline ? ReadOnlyMemory<byte>.Empty : body, invalid);
    }

    // HttpClient sends Content-Length: 0 for these methods without content; so do we.
    private static bool MethodExpectsBody(string method) => method is "POST" or "PUT" or "PATCH";

    private static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is <= ' ' or >= (char)127 or '(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '['
                or ']' or '?' or '=' or '{' or '}')
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string text) =>
        text.Length <= 40 ? text.ReplaceLineEndings(" ") : string.Concat(text.AsSpan(0, 40).ToString().ReplaceLineEndings(" "), "…");
}

/// <summary>Scheme, host and port: which connections a request may use.</summary>
internal sealed record Origin(bool Tls, string Host, int Port, string HostHeader)
{
    /// <summary>The host as an IP address when it is one (no DNS lookup), or null.</summary>
    public IPAddress? Address { get; } = IPAddress.TryParse(Host, out var address) ? address : null;

    public static Origin Of(Uri url)
    {
        var tls = url.Scheme == Uri.UriSchemeHttps;

        // IdnHost gives the ASCII form of international names and strips IPv6 brackets' zone quirks;
        // the Host header keeps brackets around IPv6 literals and omits the scheme's default port.
        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host.Trim('[', ']') : url.IdnHost;
        var hostHeader = url.HostNameType == UriHostNameType.IPv6 ? "[" + host + "]" : host;
        if (!url.IsDefaultPort)
        {
            hostHeader += ":" + url.Port.ToString(CultureInfo.InvariantCulture);
        }

        return new Origin(tls, host, url.Port, hostHeader);
    }
}

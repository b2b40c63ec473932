using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Stampede.Http.Fast;

/// <summary>How the body of a response is delimited.</summary>
internal enum BodyFraming : byte
{
    /// <summary>No body (HEAD, 1xx, 204, 304, or Content-Length: 0).</summary>
    None,

    /// <summary>Exactly <see cref="ResponseHead.ContentLength"/> bytes.</summary>
    ContentLength,

    /// <summary>Transfer-Encoding: chunked.</summary>
    Chunked,

    /// <summary>Everything until the server closes the connection.</summary>
    UntilClose,
}

/// <summary>What the client needs from a response's status line and headers.</summary>
internal struct ResponseHead
{
    /// <summary>Status code, 100–999.</summary>
    public int Status;

    /// <summary>The response is HTTP/1.0.</summary>
    public bool Http10;

    /// <summary>How the body is delimited.</summary>
    public BodyFraming Framing;

    /// <summary>Body length when <see cref="Framing"/> is <see cref="BodyFraming.ContentLength"/>.</summary>
    public long ContentLength;

    /// <summary>The connection can carry another request after this response.</summary>
    public bool KeepAlive;
}

/// <summary>The outcome of <see cref="ResponseHeadParser.TryParse"/>.</summary>
internal enum HeadParseStatus : byte
{
    /// <summary>The head is not complete yet: read more.</summary>
    Incomplete,

    /// <summary>Parsed.</summary>
    Complete,

    /// <summary>Not a valid HTTP/1.x response head; the error says why.</summary>
    Invalid,
}

/// <summary>
/// Parses an HTTP/1.x status line and header block (RFC 9112) from bytes already received. Pure and
/// allocation-free on valid input: only the headers that frame the body or decide keep-alive are
/// interpreted, the others are checked for syntax and skipped.
/// </summary>
internal static class ResponseHeadParser
{
    private static ReadOnlySpan<byte> Http1Prefix => "HTTP/1."u8;

    /// <summary>
    /// Parses the head at the start of <paramref name="data"/>. On <see cref="HeadParseStatus.Complete"/>,
    /// <paramref name="consumed"/> is the head's length including the blank line; on
    /// <see cref="HeadParseStatus.Invalid"/>, <paramref name="error"/> says what is wrong.
    /// </summary>
    /// <param name="data">Received bytes, starting at the status line.</param>
    /// <param name="isHeadRequest">The request was HEAD: the response has no body.</param>
    /// <param name="head">The parsed head.</param>
    /// <param name="consumed">Bytes of the head.</param>
    /// <param name="error">Why the head is invalid.</param>
    public static HeadParseStatus TryParse(ReadOnlySpan<byte> data, bool isHeadRequest, out ResponseHead head, out int consumed, out string? error)
    {
        head = default;
        consumed = 0;
        error = null;

        var lineEnd = data.IndexOf((byte)'\n');
        if (lineEnd < 0)
        {
            // Bytes that cannot begin "HTTP/1." are not an HTTP/1.x response, however many follow.
            var prefix = Math.Min(data.Length, Http1Prefix.Length);
            return data[..prefix].SequenceEqual(Http1Prefix[..prefix])
                ? HeadParseStatus.Incomplete
                : Fail("the response does not start with an HTTP/1.x status line", out error);
        }

        if (!ParseStatusLine(TrimCr(data[..lineEnd]), ref head, out error))
        {
            return HeadParseStatus.Invalid;
        }

        var position = lineEnd + 1;
        long contentLength = -1;
        var chunked = false;
        var transferEncoded = false;
        var close = false;
        var keepAlive = false;
        while (true)
        {
            var rest = data[position..];
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                return HeadParseStatus.Incomplete;
            }

            var line = TrimCr(rest[..end]);
            position += end + 1;
            if (line.IsEmpty)
            {
                break;
            }

            // obs-fold (a continuation line) only ever extends a value; none of the headers read here
            // is legitimately folded, so the line is skipped.
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                return Fail("malformed response header line (expected 'Name: value')", out error);
            }

            // Only the three headers read here are trimmed: the rest are skipped untouched.
            var name = line[..colon];
            var raw = line[(colon + 1)..];
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                var value = Trim(raw);
                if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0
                    || (contentLength >= 0 && contentLength != length))
                {
                    return Fail("invalid Content-Length in the response", out error);
                }

                contentLength = length;
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                transferEncoded = true;

                // Chunked must be the final coding; any other final coding is read until close.
                chunked = EndsWithToken(Trim(raw), "chunked"u8);
            }
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                var value = Trim(raw);
                close |= HasToken(value, "close"u8);
                keepAlive |= HasToken(value, "keep-alive"u8);
            }
        }

        consumed = position;
        head.KeepAlive = head.Http10 ? keepAlive && !close : !close;
        var status = head.Status;
        if (isHeadRequest || status < 200 || status == 204 || status == 304)
        {
            head.Framing = BodyFraming.None;
        }
        else if (transferEncoded)
        {
            head.Framing = chunked ? BodyFraming.Chunked : BodyFraming.UntilClose;
        }
        else if (contentLength >= 0)
        {
            head.Framing = contentLength == 0 ? BodyFraming.None : BodyFraming.ContentLength;
            head.ContentLength = contentLength;
        }
        else
        {
            head.Framing = BodyFraming.UntilClose;
        }

        if (head.Framing == BodyFraming.UntilClose)
        {
            head.KeepAlive = false;
        }

        return HeadParseStatus.Complete;
    }

    /// <summary>
    /// The headers of a head that <see cref="TryParse"/> accepted (<paramref name="head"/> is exactly its bytes),
    /// for a request that keeps them; with <see cref="HeaderCapture.Cookies"/> only Set-Cookie. Null when none
    /// are kept, so a response without cookies allocates nothing.
    /// </summary>
    public static List<KeyValuePair<string, string>>? ReadHeaders(ReadOnlySpan<byte> head, HeaderCapture capture)
    {
        List<KeyValuePair<string, string>>? headers = null;
        var position = head.IndexOf((byte)'\n') + 1;
        while (position < head.Length)
        {
            var rest = head[position..];
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                break;
            }

            var line = TrimCr(rest[..end]);
            position += end + 1;
            var colon = line.IndexOf((byte)':');
            if (line.IsEmpty || colon <= 0 || line[0] is (byte)' ' or (byte)'\t')
            {
                continue;
            }

            var name = line[..colon];
            if (capture == HeaderCapture.Cookies && !(name.Length == 10 && Ascii.EqualsIgnoreCase(name, "Set-Cookie"u8)))
            {
                continue;
            }

            (headers ??= []).Add(new(Encoding.Latin1.GetString(name), Encoding.UTF8.GetString(Trim(line[(colon + 1)..]))));
        }

        return headers;
    }

    private static bool ParseStatusLine(ReadOnlySpan<byte> line, ref ResponseHead head, out string? error)
    {
        // HTTP/1.1 200 OK — the reason phrase may be empty or absent.
        if (line.Length < 12 || !line.StartsWith(Http1Prefix) || line[7] is not ((byte)'0' or (byte)'1') || line[8] != (byte)' '
            || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]) || (line.Length > 12 && line[12] != (byte)' '))
        {
            error = line.StartsWith(Http1Prefix)
                ? "malformed status line in the response"
                : "the response does not start with an HTTP/1.x status line";
            return false;
        }

        head.Http10 = line[7] == (byte)'0';
        head.Status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        if (head.Status < 100)
        {
            error = "malformed status line in the response";
            return false;
        }

        error = null;
        return true;
    }

    private static HeadParseStatus Fail(string message, out string? error)
    {
        error = message;
        return HeadParseStatus.Invalid;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length && value[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        var end = value.Length;
        while (end > start && value[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return value[start..end];
    }

    // tchar (RFC 9110 5.6.2): visible ASCII except the delimiters "(),/:;<=>?@[\]{}.
    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private static bool IsToken(ReadOnlySpan<byte> name) => name.IndexOfAnyExcept(TokenChars) < 0;

    /// <summary>A comma-separated list contains <paramref name="token"/> (case-insensitive).</summary>
    private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        while (!list.IsEmpty)
        {
            var comma = list.IndexOf((byte)',');
            var item = Trim(comma < 0 ? list : list[..comma]);
            if (Ascii.EqualsIgnoreCase(item, token))
            {
                return true;
            }

            list = comma < 0 ? default : list[(comma + 1)..];
        }

        return false;
    }

    /// <summary>The last item of a comma-separated list is <paramref name="token"/> (parameters ignored).</summary>
    private static bool EndsWithToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        var comma = list.LastIndexOf((byte)',');
        var item = comma < 0 ? list : list[(comma + 1)..];
        var semicolon = item.IndexOf((byte)';');
        return Ascii.EqualsIgnoreCase(Trim(semicolon < 0 ? item : item[..semicolon]), token);
    }
}

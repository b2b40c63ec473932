using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Stampede.Http;
using Stampede.Scenarios.Json;

namespace Stampede.Scenarios.Flow;

/// <summary>
/// Takes a value from a response into a VU variable (<c>extract: { token: $.auth.token }</c>). When nothing
/// matches, the variable is set to empty, so a later request shows the gap instead of reusing a stale value.
/// </summary>
internal abstract class Extractor(string variable, int slot)
{
    public string Variable { get; } = variable;

    public int Slot { get; } = slot;

    public virtual bool NeedsBody => false;

    public virtual HeaderCapture NeedsHeaders => HeaderCapture.None;

    /// <summary>The value, or null when the response does not have it.</summary>
    public abstract string? Extract(in HttpExchange exchange, FlowState state);

    /// <summary>Extracts into the variable; returns what was found (null for nothing).</summary>
    public string? Run(in HttpExchange exchange, FlowState state)
    {
        var value = Extract(exchange, state);
        state.Slots[Slot] = value ?? "";
        return value;
    }
}

/// <summary><c>$.path</c> or <c>{ jsonpath: $.path }</c>: strings unquoted, other values as JSON text.</summary>
internal sealed class JsonPathExtractor(string variable, int slot, JsonPath path) : Extractor(variable, slot)
{
    public override bool NeedsBody => true;

    public override string? Extract(in HttpExchange exchange, FlowState state)
    {
        var body = exchange.Body.Span;
        return path.TryFind(body, out var match) ? match.GetString(body) : null;
    }
}

/// <summary><c>{ regex: "id=(\d+)" }</c>: group 1 of the first match, or the whole match without a group.</summary>
internal sealed class RegexExtractor(string variable, int slot, Regex pattern) : Extractor(variable, slot)
{
    private readonly BodyRegex _regex = new(pattern);

    public override bool NeedsBody => true;

    public override string? Extract(in HttpExchange exchange, FlowState state) => _regex.FirstValue(exchange.Body.Span);
}

/// <summary><c>{ header: Location }</c>: the first value of a response header.</summary>
internal sealed class HeaderExtractor(string variable, int slot, string header) : Extractor(variable, slot)
{
    public override HeaderCapture NeedsHeaders => HeaderCapture.All;

    public override string? Extract(in HttpExchange exchange, FlowState state) => Headers.Find(exchange.Headers, header);
}

/// <summary>
/// <c>{ cookie: SESSION }</c>: the value this response set for the cookie, else the one the VU's jar holds for
/// the response's URL (with cookies off: from this response's Set-Cookie only).
/// </summary>
internal sealed class CookieExtractor(string variable, int slot, string cookie) : Extractor(variable, slot)
{
    public override HeaderCapture NeedsHeaders => HeaderCapture.Cookies;

    public override string? Extract(in HttpExchange exchange, FlowState state)
    {
        if (state.Cookies is { } jar && state.LastUrl is { } url)
        {
            // The jar has taken this response's Set-Cookie headers already. When the last one for this cookie
            // plainly applies to the URL, its value is what the jar now holds: read it from the header, because
            // asking the jar builds a collection of every cookie for the URL on each call.
            if (LastPlainSetCookie(exchange.Headers, url) is { } set)
            {
                return set;
            }

            foreach (Cookie c in jar.GetCookies(url))
            {
                if (c.Name == cookie)
                {
                    return c.Value;
                }
            }

            return null;
        }

        if (exchange.Headers is not { } headers)
        {
            return null;
        }

        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i].Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) && Split(headers[i].Value, out var value, out _))
            {
                return value.Trim().ToString();
            }
        }

        return null;
    }

    /// <summary>Splits <c>name=value; attributes</c> when the name is this cookie's.</summary>
    private bool Split(string header, out ReadOnlySpan<char> value, out ReadOnlySpan<char> attributes)
    {
        var pair = header.AsSpan();
        var end = pair.IndexOf(';');
        attributes = end >= 0 ? pair[(end + 1)..] : [];
        pair = end >= 0 ? pair[..end] : pair;
        var equals = pair.IndexOf('=');
        value = equals > 0 ? pair[(equals + 1)..] : [];
        return equals > 0 && pair[..equals].Trim().SequenceEqual(cookie);
    }

    /// <summary>
    /// The value of the last Set-Cookie for this cookie in <paramref name="headers"/> when the jar certainly stored
    /// it as is and returns it for <paramref name="url"/>: a non-empty unquoted value without commas, and only the
    /// attributes <c>Path=/</c>, <c>HttpOnly</c>, <c>SameSite</c>, a positive <c>Max-Age</c> and (for https)
    /// <c>Secure</c>. Anything else (a deletion, Domain, Expires, another path) is null: the jar decides.
    /// </summary>
    private string? LastPlainSetCookie(IReadOnlyList<KeyValuePair<string, string>>? headers, Uri url)
    {
        if (headers is null)
        {
            return null;
        }

        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (!headers[i].Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) || !Split(headers[i].Value, out var value, out var attributes))
            {
                continue;
            }

            return value.Length > 0 && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]) && value.IndexOfAny('"', ',') < 0
                && PlainAttributes(attributes, url.Scheme == Uri.UriSchemeHttps)
                ? value.ToString()
                : null;
        }

        return null;
    }

    private static bool PlainAttributes(ReadOnlySpan<char> attributes, bool https)
    {
        foreach (var range in attributes.Split(';'))
        {
            var attribute = attributes[range].Trim();
            var equals = attribute.IndexOf('=');
            var key = (equals >= 0 ? attribute[..equals] : attribute).Trim();
            var argument = equals >= 0 ? attribute[(equals + 1)..].Trim() : [];
            var plain = attribute.IsEmpty
                || key.Equals("HttpOnly", StringComparison.OrdinalIgnoreCase)
                || key.Equals("SameSite", StringComparison.OrdinalIgnoreCase)
                || (key.Equals("Secure", StringComparison.OrdinalIgnoreCase) && https)
                || (key.Equals("Path", StringComparison.OrdinalIgnoreCase) && argument.SequenceEqual("/"))
                || (key.Equals("Max-Age", StringComparison.OrdinalIgnoreCase) && int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0);
            if (!plain)
            {
                return false;
            }
        }

        return true;
    }
}

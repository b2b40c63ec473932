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
    public override bool NeedsBody => true;

    public override string? Extract(in HttpExchange exchange, FlowState state) => Bodies.FirstGroup(pattern, exchange.Body.Span);
}

/// <summary><c>{ header: Location }</c>: the first value of a response header.</summary>
internal sealed class HeaderExtractor(string variable, int slot, string header) : Extractor(variable, slot)
{
    public override HeaderCapture NeedsHeaders => HeaderCapture.All;

    public override string? Extract(in HttpExchange exchange, FlowState state) => Headers.Find(exchange.Headers, header);
}

/// <summary><c>{ cookie: SESSION }</c>: the cookie's value as the VU's jar holds it for the response's URL
/// (or from this response's Set-Cookie when cookies are off).</summary>
internal sealed class CookieExtractor(string variable, int slot, string cookie) : Extractor(variable, slot)
{
    public override HeaderCapture NeedsHeaders => HeaderCapture.Cookies;

    public override string? Extract(in HttpExchange exchange, FlowState state)
    {
        if (state.Cookies is { } jar && state.LastUrl is { } url)
        {
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

        foreach (var (name, value) in headers)
        {
            if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                var pair = value.AsSpan();
                var end = pair.IndexOf(';');
                pair = end >= 0 ? pair[..end] : pair;
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair[..equals].Trim().SequenceEqual(cookie))
                {
                    return pair[(equals + 1)..].Trim().ToString();
                }
            }
        }

        return null;
    }
}

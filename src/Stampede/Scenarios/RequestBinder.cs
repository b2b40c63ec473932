using System.Text;
using System.Text.RegularExpressions;
using Stampede.Http;

namespace Stampede.Scenarios;

/// <summary>What every request inherits from <c>options:</c>.</summary>
/// <param name="BaseUrl">Relative URLs are appended to it; null when not set.</param>
/// <param name="BaseUrlInvalid">baseUrl was given but is wrong (already reported), so relative URLs are not blamed too.</param>
/// <param name="Headers">Default headers; a request's own header of the same name wins.</param>
internal sealed record RequestDefaults(Uri? BaseUrl, bool BaseUrlInvalid, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>Reads a scenario's <c>requests:</c> list into <see cref="HttpRequestDefinition"/>s.</summary>
internal static partial class RequestBinder
{
    internal static readonly string[] Keys = ["name", "method", "url", "headers", "body", "json", "timeout", "expect"];

    /// <summary>Steps of the full scenario language, so users of newer docs learn why they are refused.</summary>
    private static readonly string[] LaterKeys = ["check", "checks", "extract", "think", "group", "request"];

    private static readonly HttpMethod[] StandardMethods =
        [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options, HttpMethod.Trace];

    public static List<HttpRequestDefinition> Bind(SequenceNode list, string path, RequestDefaults defaults, ScenarioDiagnostics diagnostics)
    {
        var requests = new List<HttpRequestDefinition>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (NodeValues.Mapping(list.Items[i], itemPath, diagnostics) is { } mapping &&
                Bind(new MappingReader(mapping, itemPath, diagnostics), defaults) is { } request)
            {
                requests.Add(request);
            }
        }

        return requests;
    }

    private static HttpRequestDefinition? Bind(MappingReader r, RequestDefaults defaults)
    {
        var before = r.Diagnostics.Count;
        r.CheckKeys(Keys, key => LaterKeys.Contains(key, StringComparer.Ordinal)
            ? $"`{key}` is not supported by this version of the scenario format yet; a request here has only {string.Join(", ", Keys)}"
            : null);
        r.Require("url", "a request needs `url`", "for example `url: /health`");
        var url = r.Text("url");
        var absolute = url is null ? null : Resolve(url, r["url"]!, r.PathOf("url"), defaults, r.Diagnostics);
        var method = Method(r);
        var headers = Merge(defaults.Headers, Headers(r, "headers") ?? []);
        var body = Body(r, headers);
        var timeout = r.PositiveDuration("timeout");
        var expect = Expect(r);
        var name = r.Text("name") ?? url;
        if (r.Diagnostics.Count > before || absolute is null || method is null || name is null)
        {
            return null;
        }

        return new HttpRequestDefinition
        {
            Name = name,
            Method = method,
            Url = absolute,
            Headers = headers,
            Body = body,
            Timeout = timeout,
            ExpectedStatuses = expect,
        };
    }

    /// <summary>An absolute http(s) URL, or null (reported).</summary>
    public static Uri? AbsoluteHttpUrl(string text, SourceNode at, string path, ScenarioDiagnostics diagnostics)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && SchemePrefix().IsMatch(text) &&
            (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0)
        {
            return uri;
        }

        var hint = SchemePrefix().Match(text) is { Success: true } scheme && !IsHttp(scheme.Groups[1].Value)
            ? $"only http and https are supported, not {scheme.Groups[1].Value}"
            : "write it like http://127.0.0.1:5080";
        diagnostics.Add(at, $"{path}: '{text}' is not a valid http or https URL", hint);
        return null;
    }

    internal static Uri? Resolve(string url, SourceNode at, string path, RequestDefaults defaults, ScenarioDiagnostics diagnostics)
    {
        if (SchemePrefix().IsMatch(url))
        {
            return AbsoluteHttpUrl(url, at, path, diagnostics);
        }

        if (defaults.BaseUrl is null)
        {
            if (!defaults.BaseUrlInvalid)
            {
                diagnostics.Add(at, $"{path}: '{url}' is a relative URL and there is no base URL", "set options.baseUrl or use an absolute URL");
            }

            return null;
        }

        // Appended rather than resolved the RFC 3986 way, so baseUrl http://h/api + /items is /api/items,
        // as in most load tools; users rarely want a leading slash to drop the base path.
        var joined = defaults.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + url.TrimStart('/');
        return AbsoluteHttpUrl(joined, at, path, diagnostics);
    }

    internal static HttpMethod? Method(MappingReader r)
    {
        if (!r.Has("method"))
        {
            return HttpMethod.Get;
        }

        if (r.Text("method") is not { } text)
        {
            return null;
        }

        var upper = text.ToUpperInvariant();
        foreach (var standard in StandardMethods)
        {
            if (standard.Method == upper)
            {
                return standard;
            }
        }

        if (!Token().IsMatch(upper))
        {
            r.Diagnostics.Add(r["method"]!, $"{r.PathOf("method")}: '{text}' is not an HTTP method", "for example GET, POST, PUT or DELETE");
            return null;
        }

        return new HttpMethod(upper);
    }

    /// <summary>Reads a header mapping, checking names and values now so a bad header is not a runtime failure per request.</summary>
    public static List<KeyValuePair<string, string>>? Headers(MappingReader r, string key)
    {
        if (r.TextMap(key) is not { } map)
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(map.Count);
        foreach (var (name, value) in map)
        {
            if (!Token().IsMatch(name.Value))
            {
                r.Diagnostics.Add(name, $"{r.PathOf(key)}: '{name.Value}' is not a valid header name", "use letters, digits and - only");
            }
            else if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                r.Diagnostics.Add(name, $"{r.PathOf(key)}.{name.Value}: a header value must be one line");
            }
            else
            {
                headers.Add(new(name.Value, value));
            }
        }

        return headers;
    }

    private static List<KeyValuePair<string, string>> Merge(IReadOnlyList<KeyValuePair<string, string>> defaults, List<KeyValuePair<string, string>> own)
    {
        var merged = new List<KeyValuePair<string, string>>(defaults.Count + own.Count);
        foreach (var header in defaults)
        {
            if (!Contains(own, header.Key))
            {
                merged.Add(header);
            }
        }

        merged.AddRange(own);
        return merged;
    }

    private static ReadOnlyMemory<byte> Body(MappingReader r, List<KeyValuePair<string, string>> headers)
    {
        if (r["body"] is { } bodyNode && r["json"] is not null)
        {
            r.Diagnostics.Add(bodyNode, $"{r.Path}: a request has either `body` or `json`, not both", "keep one of them");
            return default;
        }

        if (r.Has("body"))
        {
            return r.Text("body") is { } text ? Encoding.UTF8.GetBytes(text) : default;
        }

        if (r["json"] is not { } json)
        {
            return default;
        }

        // Errors point at the `json` key: the value may be an alias whose node sits elsewhere in the file.
        var bytes = JsonBody.Write(json, r.Node.FindKey("json")!, r.PathOf("json"), r.Diagnostics);
        if (!Contains(headers, "Content-Type"))
        {
            headers.Add(new("Content-Type", "application/json"));
        }

        return bytes;
    }

    internal static List<int>? Expect(MappingReader r)
    {
        if (r["expect"] is not { } node)
        {
            return null;
        }

        var items = node is SequenceNode list ? list.Items : [node];
        var statuses = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var path = node is SequenceNode ? $"{r.PathOf("expect")}[{i}]" : r.PathOf("expect");
            if (NodeValues.Int(items[i], path, r.Diagnostics) is not { } status)
            {
                continue;
            }

            if (status is < 100 or > 599)
            {
                r.Diagnostics.Add(items[i], $"{path}: {status} is not an HTTP status", "statuses are between 100 and 599");
            }

            statuses.Add(status);
        }

        return statuses;
    }

    private static bool Contains(List<KeyValuePair<string, string>> headers, string name) =>
        headers.Exists(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static bool IsHttp(string scheme) =>
        scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*)://")]
    private static partial Regex SchemePrefix();

    // RFC 9110 token: what HTTP allows in method and header names.
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")]
    private static partial Regex Token();
}

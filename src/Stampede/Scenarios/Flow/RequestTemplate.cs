using Stampede.Http;
using Stampede.Scenarios.Templates;

namespace Stampede.Scenarios.Flow;

/// <summary>
/// A request as written in a scenario, with templates compiled. When nothing in it varies, the
/// <see cref="HttpRequestDefinition"/> is built once (<see cref="Static"/>), so the transport's per-request
/// encoding cache and zero-allocation path apply; otherwise one is built per send, from the parts that vary
/// (a constant URL is parsed once).
/// </summary>
internal sealed class RequestTemplate
{
    private Uri? _constantUrl;

    public required string Name { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>The absolute URL (base URL already joined), without the <c>query</c> entries.</summary>
    public required Template Url { get; init; }

    /// <summary>Query entries added to the URL; names are percent-encoded when sent, values are compiled with
    /// <see cref="TemplateEscape.Query"/> (their literal text already encoded).</summary>
    public (string Key, Template Value)[] Query { get; init; } = [];

    public (string Name, Template Value)[] Headers { get; init; } = [];

    /// <summary>A text or JSON body (JSON with run-time values escaped as JSON strings), or null.</summary>
    public Template? Body { get; init; }

    /// <summary>Form fields, sent as application/x-www-form-urlencoded, or null; values compiled like <see cref="Query"/>'s.</summary>
    public (string Key, Template Value)[]? Form { get; init; }

    /// <summary>A body read from a file at load, or empty.</summary>
    public ReadOnlyMemory<byte> FileBody { get; init; }

    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<int>? ExpectedStatuses { get; init; }

    public bool CaptureBody { get; set; }

    public HeaderCapture CaptureHeaders { get; set; }

    /// <summary>The fixed definition when nothing varies, else null; set by <see cref="Seal"/>.</summary>
    public HttpRequestDefinition? Static { get; private set; }

    /// <summary>
    /// Parses a constant URL once (returning an error when it is not valid) and builds <see cref="Static"/> when
    /// every other part is constant too.
    /// </summary>
    public string? Seal()
    {
        if (!Url.IsConstant || Array.Exists(Query, q => !q.Value.IsConstant))
        {
            return null;
        }

        // The URL is constant, so rendering it never reads the VU state.
        var url = RenderUrl(state: null!);
        if (!TryUrl(url, out var uri))
        {
            return $"'{url}' is not a valid http or https URL";
        }

        // A Uri is immutable: requests whose body or headers vary still share the parsed URL.
        _constantUrl = uri;
        if (Array.Exists(Headers, h => !h.Value.IsConstant) || Body is { IsConstant: false } || (Form is not null && Array.Exists(Form, f => !f.Value.IsConstant)))
        {
            return null;
        }

        Static = Definition(uri, state: null!, cookie: null);
        return null;
    }

    /// <summary>The request to send now; null with <paramref name="error"/> when the rendered URL is not valid.</summary>
    public HttpRequestDefinition? Render(FlowState state, out string? error)
    {
        error = null;
        string? cookie = null;
        if (Static is { } fixedRequest)
        {
            if (state.Cookies is not { Count: > 0 } || (cookie = state.Cookies.GetCookieHeader(fixedRequest.Url)).Length == 0)
            {
                return fixedRequest;
            }

            return Definition(fixedRequest.Url, state, cookie);
        }

        var uri = _constantUrl;
        if (uri is null)
        {
            var url = RenderUrl(state);
            if (!TryUrl(url, out uri))
            {
                error = $"'{url}' is not a valid http or https URL (after templates)";
                return null;
            }
        }

        if (state.Cookies is { Count: > 0 } jar)
        {
            cookie = jar.GetCookieHeader(uri);
        }

        return Definition(uri, state, string.IsNullOrEmpty(cookie) ? null : cookie);
    }

    /// <summary>
    /// The URL with its <see cref="Query"/> entries, rendered in one pooled buffer: the only allocation is the
    /// returned string (none when the URL is constant and there is no query).
    /// </summary>
    public string RenderUrl(FlowState state)
    {
        if (Query.Length == 0)
        {
            return Url.Render(state);
        }

        var writer = new TemplateWriter(Url.Source.Length + 64);
        try
        {
            Url.RenderTo(ref writer, state);
            var separator = writer.Written.Contains('?') ? '&' : '?';
            foreach (var (key, value) in Query)
            {
                writer.AppendRaw([separator]);
                writer.Append(key, TemplateEscape.Query);
                writer.AppendRaw("=");
                value.RenderTo(ref writer, state);
                separator = '&';
            }

            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private HttpRequestDefinition Definition(Uri url, FlowState state, string? cookie)
    {
        // An array of exactly the right size: the one allocation for the header list.
        var cookieAt = -1;
        if (cookie is not null)
        {
            cookieAt = Array.FindIndex(Headers, h => h.Name.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
        }

        var headers = new KeyValuePair<string, string>[Headers.Length + (cookie is not null && cookieAt < 0 ? 1 : 0)];
        for (var i = 0; i < Headers.Length; i++)
        {
            var (name, value) = Headers[i];
            headers[i] = i == cookieAt ? new("Cookie", value.Render(state) + "; " + cookie) : new(name, value.Render(state));
        }

        if (cookie is not null && cookieAt < 0)
        {
            headers[^1] = new("Cookie", cookie);
        }

        ReadOnlyMemory<byte> body = FileBody;
        if (Body is not null)
        {
            body = Body.RenderUtf8(state);
        }
        else if (Form is not null)
        {
            body = FormUtf8(Form, state);
        }

        return new HttpRequestDefinition
        {
            Name = Name,
            Method = Method,
            Url = url,
            Headers = headers,
            Body = body,
            Timeout = Timeout,
            ExpectedStatuses = ExpectedStatuses,
            CaptureBody = CaptureBody,
            CaptureHeaders = CaptureHeaders,
        };
    }

    /// <summary>The form fields as an application/x-www-form-urlencoded body (values are compiled percent-encoded).</summary>
    private static byte[] FormUtf8((string Key, Template Value)[] form, FlowState state)
    {
        var writer = new TemplateWriter(128);
        try
        {
            for (var i = 0; i < form.Length; i++)
            {
                if (i > 0)
                {
                    writer.AppendRaw("&");
                }

                writer.Append(form[i].Key, TemplateEscape.Query);
                writer.AppendRaw("=");
                form[i].Value.RenderTo(ref writer, state);
            }

            return writer.ToUtf8Array();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static bool TryUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0;
}

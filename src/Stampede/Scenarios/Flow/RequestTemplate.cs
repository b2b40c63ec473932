using System.Text;
using Stampede.Http;
using Stampede.Scenarios.Templates;

namespace Stampede.Scenarios.Flow;

/// <summary>
/// A request as written in a scenario, with templates compiled. When nothing in it varies, the
/// <see cref="HttpRequestDefinition"/> is built once (<see cref="Static"/>), so the transport's per-request
/// encoding cache and zero-allocation path apply; otherwise one is built per send.
/// </summary>
internal sealed class RequestTemplate
{
    public required string Name { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>The absolute URL (base URL already joined), without the <c>query</c> entries.</summary>
    public required Template Url { get; init; }

    public (string Key, Template Value)[] Query { get; init; } = [];

    public (string Name, Template Value)[] Headers { get; init; } = [];

    /// <summary>A text or JSON body (JSON with run-time values escaped as JSON strings), or null.</summary>
    public Template? Body { get; init; }

    /// <summary>Form fields, sent as application/x-www-form-urlencoded, or null.</summary>
    public (string Key, Template Value)[]? Form { get; init; }

    /// <summary>A body read from a file at load, or empty.</summary>
    public ReadOnlyMemory<byte> FileBody { get; init; }

    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<int>? ExpectedStatuses { get; init; }

    public bool CaptureBody { get; set; }

    public HeaderCapture CaptureHeaders { get; set; }

    /// <summary>The fixed definition when nothing varies, else null; set by <see cref="Seal"/>.</summary>
    public HttpRequestDefinition? Static { get; private set; }

    /// <summary>Builds <see cref="Static"/> when every part is constant; returns an error when its URL is not valid.</summary>
    public string? Seal()
    {
        if (!Url.IsConstant || Array.Exists(Query, q => !q.Value.IsConstant) || Array.Exists(Headers, h => !h.Value.IsConstant)
            || Body is { IsConstant: false } || (Form is not null && Array.Exists(Form, f => !f.Value.IsConstant)))
        {
            return null;
        }

        var url = WithQuery(Url.Constant!, Query, state: null);
        if (!TryUrl(url, out var uri))
        {
            return $"'{url}' is not a valid http or https URL";
        }

        Static = Definition(uri, state: null, cookie: null);
        return null;
    }

    /// <summary>The request to send now; null with <paramref name="error"/> when the rendered URL is not valid.</summary>
    public HttpRequestDefinition? Render(FlowState state, out string? error)
    {
        error = null;
        string? cookie = null;
        Uri uri;
        if (Static is { } fixedRequest)
        {
            uri = fixedRequest.Url;
            if (state.Cookies is not { Count: > 0 } || (cookie = state.Cookies.GetCookieHeader(uri)).Length == 0)
            {
                return fixedRequest;
            }
        }
        else
        {
            var url = WithQuery(Url.Render(state), Query, state);
            if (!TryUrl(url, out uri!))
            {
                error = $"'{url}' is not a valid http or https URL (after templates)";
                return null;
            }

            if (state.Cookies is { Count: > 0 } jar)
            {
                cookie = jar.GetCookieHeader(uri);
            }
        }

        return Definition(uri, state, string.IsNullOrEmpty(cookie) ? null : cookie);
    }

    private HttpRequestDefinition Definition(Uri url, FlowState? state, string? cookie)
    {
        var headers = new List<KeyValuePair<string, string>>(Headers.Length + 1);
        foreach (var (name, value) in Headers)
        {
            headers.Add(new(name, Render(value, state)));
        }

        if (cookie is not null)
        {
            var existing = headers.FindIndex(h => h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                headers[existing] = new("Cookie", headers[existing].Value + "; " + cookie);
            }
            else
            {
                headers.Add(new("Cookie", cookie));
            }
        }

        ReadOnlyMemory<byte> body = FileBody;
        if (Body is not null)
        {
            body = Encoding.UTF8.GetBytes(Render(Body, state));
        }
        else if (Form is not null)
        {
            body = Encoding.UTF8.GetBytes(FormText(Form, state));
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

    private static string Render(Template template, FlowState? state) => template.Constant ?? template.Render(state!);

    private static string WithQuery(string url, (string Key, Template Value)[] query, FlowState? state)
    {
        if (query.Length == 0)
        {
            return url;
        }

        var writer = new TemplateWriter(url.Length + 64);
        try
        {
            writer.AppendRaw(url);
            var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            foreach (var (key, value) in query)
            {
                writer.AppendRaw([separator]);
                writer.Append(key, TemplateEscape.Query);
                writer.AppendRaw("=");
                writer.Append(Render(value, state), TemplateEscape.Query);
                separator = '&';
            }

            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static string FormText((string Key, Template Value)[] form, FlowState? state)
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
                writer.Append(Render(form[i].Value, state), TemplateEscape.Query);
            }

            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static bool TryUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0;
}

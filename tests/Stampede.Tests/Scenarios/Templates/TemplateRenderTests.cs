using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stampede.Scenarios.Flow;
using Stampede.Scenarios.Templates;
using Stampede.Tests.Scenarios.Flow;

namespace Stampede.Tests.Scenarios.Templates;

/// <summary>
/// Templates compiled from a scenario file and rendered for a VU: the text they produce, escaped for where it
/// goes, and that producing it allocates only the result (the string or the body's bytes).
/// </summary>
public sealed class TemplateRenderTests : IDisposable
{
    private const string Username = "alice@example.com";
    private const string Password = "Zoë?>~";
    private const string Name = "Zoë \"Z\" O'Brien";
    private const string Note = "line one\nline two\\";
    private const string Term = "café & crème/100%";

    private const string Yaml = """
        options:
          baseUrl: http://127.0.0.1:8080
        data:
          users: users.csv
        scenarios:
          s:
            executor: per-vu-iterations
            vus: 1
            iterations: 1
            flow:
              - set:
                  userId: "4711"
                  name: 'Zoë "Z" O''Brien'
                  note: "line one\nline two\\"
                  term: "café & crème/100%"
              - request: { name: constant, url: /health, headers: { Accept: application/json } }
              - request: { name: one-variable, url: "/users/{{ userId }}" }
              - request:
                  name: json
                  method: POST
                  url: /api/users
                  json: { id: "{{ userId }}", name: "{{ name }}", note: "{{ note }}", owner: "{{ users.username }}", tags: [load, "{{ term }}"] }
              - request:
                  name: query
                  url: "/search?lang=fr"
                  query: { q: "{{ term }} & more", at: "{{ now() }}", auth: "{{ base64(users.username + ':' + users.password) }}", page: "{{ iteration }}" }
              - request: { name: constant-query, url: /search, query: { q: "a b&c", "x y": "1" } }
              - request:
                  name: form
                  method: POST
                  url: /login
                  form: { user: "{{ users.username }}", note: "a b", pass: "{{ users.password }}" }
              - request:
                  name: built-ins
                  url: /trace
                  headers: { X-Trace: "vu={{ vu }} it={{ iteration }} n={{ randomInt(100000, 999999) }} id={{ uuid() }} at={{ now() }}" }
              - request:
                  name: base64
                  url: /private
                  headers: { Authorization: "Basic {{ base64(users.username + ':' + users.password) }}", Cookie: "theme=dark" }
        """;

    private readonly FlowHarness _flow = new(Yaml, new Dictionary<string, string> { ["users.csv"] = $"username,password\n{Username},{Password}\n" });

    public void Dispose() => _flow.Dispose();

    private RequestTemplate Request(string name) => _flow.Request(name).Request;

    private Template Header(string request, string header) => Assert.Single(Request(request).Headers, h => h.Name == header).Value;

    [Fact]
    public void Render_ConstantTemplate_ReturnsTheSameStringAndAllocatesNothing()
    {
        var url = Request("constant").Url;

        Assert.True(url.IsConstant);
        Assert.Same(url.Render(_flow.State), url.Render(_flow.State));
        Assert.True(Allocations.PerCall(() => url.Render(_flow.State)) < Allocations.Slack);
    }

    [Fact]
    public void Render_UrlWithOneVariable_AllocatesOnlyTheString()
    {
        var url = Request("one-variable").Url;

        var text = url.Render(_flow.State);

        Assert.Equal("http://127.0.0.1:8080/users/4711", text);
        Assert.InRange(Allocations.PerCall(() => url.Render(_flow.State)), Allocations.StringSize(text.Length), Allocations.StringSize(text.Length) + Allocations.Slack);
    }

    [Fact]
    public void RenderTo_PooledWriter_AllocatesNothing()
    {
        var body = Request("json").Body!;
        var length = 0;

        var allocated = Allocations.PerCall(() =>
        {
            var writer = new TemplateWriter(256);
            try
            {
                body.RenderTo(ref writer, _flow.State);
                length = writer.Length;
            }
            finally
            {
                writer.Dispose();
            }
        });

        Assert.Equal(body.Render(_flow.State).Length, length);
        Assert.True(allocated < Allocations.Slack, $"{allocated} B per call");
    }

    [Fact]
    public void Render_JsonBodyWithVariables_EscapesEveryValueAndAllocatesOnlyTheString()
    {
        var body = Request("json").Body!;

        var text = body.Render(_flow.State);

        using var json = JsonDocument.Parse(text);
        Assert.Equal("4711", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(Name, json.RootElement.GetProperty("name").GetString());
        Assert.Equal(Note, json.RootElement.GetProperty("note").GetString());
        Assert.Equal(Username, json.RootElement.GetProperty("owner").GetString());
        Assert.Equal(Term, json.RootElement.GetProperty("tags")[1].GetString());
        Assert.InRange(Allocations.PerCall(() => body.Render(_flow.State)), Allocations.StringSize(text.Length), Allocations.StringSize(text.Length) + Allocations.Slack);
    }

    [Fact]
    public void RenderUtf8_JsonBody_IsTheUtf8OfTheTextAndAllocatesOnlyTheBytes()
    {
        var body = Request("json").Body!;

        var bytes = body.RenderUtf8(_flow.State);

        Assert.Equal(Encoding.UTF8.GetBytes(body.Render(_flow.State)), bytes);
        Assert.True(bytes.Length > body.Render(_flow.State).Length, "the body has non-ASCII text, so it has more bytes than characters");
        Assert.InRange(Allocations.PerCall(() => body.RenderUtf8(_flow.State)), Allocations.ByteArraySize(bytes.Length), Allocations.ByteArraySize(bytes.Length) + Allocations.Slack);
    }

    [Fact]
    public void RenderUtf8_ConstantTemplate_EncodesOnceAndSharesTheBytes()
    {
        var template = Template.Of("{\"ok\":true}");

        Assert.Same(template.RenderUtf8(_flow.State), template.RenderUtf8(_flow.State));
        Assert.Equal("{\"ok\":true}"u8.ToArray(), template.RenderUtf8(_flow.State));
    }

    [Fact]
    public void RenderUrl_QueryWithTemplates_PercentEncodesLiteralsValuesAndFunctionResults()
    {
        var request = Request("query");
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        Assert.True(base64.IndexOfAny(['+', '/', '=']) >= 0, "the credentials must give a base64 text that needs encoding");

        var url = request.RenderUrl(_flow.State);

        var match = Regex.Match(url, "&at=([^&]*)&");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d\.\d{3}Z$", match.Groups[1].Value);
        var expected = "http://127.0.0.1:8080/search?lang=fr&q=" + Uri.EscapeDataString(Term + " & more")
            + "&at=" + match.Groups[1].Value + "&auth=" + Uri.EscapeDataString(base64) + "&page=0";
        Assert.Equal(expected, url);
        Assert.InRange(Allocations.PerCall(() => request.RenderUrl(_flow.State)), Allocations.StringSize(url.Length), Allocations.StringSize(url.Length) + Allocations.Slack);
    }

    [Fact]
    public void Seal_ConstantQuery_EncodesNamesAndValuesOnce()
    {
        var request = Request("constant-query");

        Assert.NotNull(request.Static);
        Assert.Equal("http://127.0.0.1:8080/search?q=a%20b%26c&x%20y=1", request.Static.Url.OriginalString);
    }

    [Fact]
    public void Render_FormRequest_SendsEncodedFieldsAsUtf8()
    {
        var request = Request("form").Render(_flow.State, out var error);

        Assert.Null(error);
        Assert.Equal($"user={Uri.EscapeDataString(Username)}&note=a%20b&pass={Uri.EscapeDataString(Password)}", Encoding.UTF8.GetString(request!.Body.Span));
        Assert.Contains(request.Headers, h => h.Key == "Content-Type" && h.Value == "application/x-www-form-urlencoded");
    }

    [Fact]
    public void Render_BuiltIns_WritesVuIterationNumberUuidAndTime()
    {
        var header = Header("built-ins", "X-Trace");

        var text = header.Render(_flow.State);

        var match = Regex.Match(text, @"^vu=1 it=0 n=(\d{6}) id=([0-9a-f-]{36}) at=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$");
        Assert.True(match.Success, text);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 100000, 999999);
        Assert.True(Guid.TryParseExact(match.Groups[2].Value, "D", out _));
        Assert.NotEqual(text, header.Render(_flow.State));
        Assert.InRange(Allocations.PerCall(() => header.Render(_flow.State)), Allocations.StringSize(text.Length), Allocations.StringSize(text.Length) + Allocations.Slack);
    }

    [Fact]
    public void Render_Base64OfDataFields_EncodesTheUtf8Text()
    {
        var header = Header("base64", "Authorization");

        var text = header.Render(_flow.State);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")), text);
        Assert.InRange(Allocations.PerCall(() => header.Render(_flow.State)), Allocations.StringSize(text.Length), Allocations.StringSize(text.Length) + Allocations.Slack);
    }

    [Fact]
    public void Render_RequestWithJarCookiesAndACookieHeader_MergesThemIntoOneHeader()
    {
        var jar = _flow.State.Cookies!;
        jar.Add(new Cookie("SESSION", "s1", "/", "127.0.0.1"));

        var request = Request("base64").Render(_flow.State, out _)!;
        var plain = Request("json").Render(_flow.State, out _)!;

        Assert.Equal("theme=dark; SESSION=s1", Assert.Single(request.Headers, h => h.Key == "Cookie").Value);
        Assert.Equal("SESSION=s1", Assert.Single(plain.Headers, h => h.Key == "Cookie").Value);
        Assert.Equal(Request("json").Body!.Render(_flow.State), Encoding.UTF8.GetString(plain.Body.Span));
    }
}

using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Stampede.Http;
using Stampede.Scenarios.Flow;
using Stampede.Scenarios.Templates;

namespace Stampede.Benchmarks.Scenarios;

/// <summary>
/// What rendering a scenario's templates costs per request, for templates compiled from a YAML scenario by
/// the real loader. The goal: a <c>Render</c> allocates exactly the string it returns (<c>Produced</c>), a
/// <c>RenderUtf8</c> exactly the body's bytes, a <c>RenderTo</c> into the pooled <see cref="TemplateWriter"/>
/// nothing. Every rendering here has a fixed length, so Allocated is a whole number of bytes per call.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ProducedBytesConfig))]
public class TemplateBenchmarks
{
    private const string Yaml = """
        options:
          baseUrl: http://127.0.0.1:8080
        data:
          users: users.csv
        scenarios:
          bench:
            executor: per-vu-iterations
            vus: 1
            iterations: 1
            flow:
              - set:
                  userId: "4711"
                  name: 'Zoë "Z" O''Brien'
                  note: "line one\nline two\\"
                  term: "café & crème/100%"
                  token: eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg
              - request: { name: constant, url: /health, headers: { Accept: application/json } }
              - request: { name: one-variable, url: "/users/{{ userId }}" }
              - request:
                  name: json
                  method: POST
                  url: /api/users
                  headers: { Authorization: "Bearer {{ token }}" }
                  json: { id: "{{ userId }}", name: "{{ name }}", note: "{{ note }}", owner: "{{ users.username }}", tags: [load, "{{ term }}"] }
              - request:
                  name: query
                  url: /search
                  query: { q: "{{ term }}", page: "{{ iteration }}", user: "{{ users.username }}" }
              - request:
                  name: built-ins
                  url: /trace
                  headers: { X-Trace: "vu={{ vu }} it={{ iteration }} n={{ randomInt(100000, 999999) }} id={{ uuid() }} at={{ now() }}" }
              - request:
                  name: data-row
                  url: /profile
                  headers: { X-User: "{{ users.username }}:{{ users.password }}" }
              - request:
                  name: base64
                  url: /private
                  headers: { Authorization: "Basic {{ base64(users.username + ':' + users.password) }}" }
        """;

    private LoadedFlow _flow = null!;
    private FlowState _state = null!;
    private Template _constant = null!;
    private Template _oneVariable = null!;
    private Template _jsonBody = null!;
    private RequestTemplate _query = null!;
    private RequestTemplate _jsonRequest = null!;
    private Template _builtIns = null!;
    private Template _dataRow = null!;
    private Template _base64 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _flow = new LoadedFlow(Yaml, new Dictionary<string, string> { ["users.csv"] = "username,password\nalice@example.com,Zoë?>~\n" });
        _state = _flow.State;
        _constant = _flow.Request("constant").Request.Url;
        _oneVariable = _flow.Request("one-variable").Request.Url;
        _jsonRequest = _flow.Request("json").Request;
        _jsonBody = _jsonRequest.Body!;
        _query = _flow.Request("query").Request;
        _builtIns = Header("built-ins", "X-Trace");
        _dataRow = Header("data-row", "X-User");
        _base64 = Header("base64", "Authorization");

        // The benchmarks must measure the real thing: each rendering is checked once here.
        Expect(_constant.IsConstant && _constant.Render(_state) == "http://127.0.0.1:8080/health", "constant");
        Expect(OneVariableUrl_Render() == "http://127.0.0.1:8080/users/4711", "one-variable");
        using (var json = JsonDocument.Parse(JsonBody_RenderUtf8()))
        {
            Expect(json.RootElement.GetProperty("name").GetString() == "Zoë \"Z\" O'Brien" && json.RootElement.GetProperty("note").GetString() == "line one\nline two\\",
                "json body");
        }

        Expect(QueryUrl_RenderUrl() == "http://127.0.0.1:8080/search?q=caf%C3%A9%20%26%20cr%C3%A8me%2F100%25&page=0&user=alice%40example.com", "query");
        Expect(BuiltIns_Render().Length == BuiltIns_Render().Length && BuiltIns_Render() != BuiltIns_Render(), "built-ins");
        Expect(DataRow_Render() == "alice@example.com:Zoë?>~", "data-row");
        Expect(Base64_Render() == "Basic " + Convert.ToBase64String("alice@example.com:Zoë?>~"u8), "base64");
        Expect(_jsonRequest.Static is null && JsonRequest_Render().Headers.Count == 2, "json request");
    }

    [GlobalCleanup]
    public void Cleanup() => _flow.Dispose();

    /// <summary>A URL without expressions: rendering returns the string compiled at load.</summary>
    [Benchmark]
    public string Constant_Render() => _constant.Render(_state);

    [Benchmark]
    public string OneVariableUrl_Render() => _oneVariable.Render(_state);

    [Benchmark]
    public int OneVariableUrl_RenderTo() => RenderToPooled(_oneVariable);

    /// <summary>A JSON body with five values, each JSON-escaped (quotes, a newline, a backslash, non-ASCII).</summary>
    [Benchmark]
    public string JsonBody_Render() => _jsonBody.Render(_state);

    /// <summary>The same body as the UTF-8 bytes a request sends.</summary>
    [Benchmark]
    public byte[] JsonBody_RenderUtf8() => _jsonBody.RenderUtf8(_state);

    [Benchmark]
    public int JsonBody_RenderTo() => RenderToPooled(_jsonBody);

    /// <summary>A URL with three query entries, percent-encoded (UTF-8, &amp;, /, %, @), as the request builds it.</summary>
    [Benchmark]
    public string QueryUrl_RenderUrl() => _query.RenderUrl(_state);

    /// <summary><c>vu</c>, <c>iteration</c>, <c>randomInt</c>, <c>uuid()</c> and <c>now()</c> in one header value.</summary>
    [Benchmark]
    public string BuiltIns_Render() => _builtIns.Render(_state);

    [Benchmark]
    public int BuiltIns_RenderTo() => RenderToPooled(_builtIns);

    /// <summary>Two fields of the VU's data row.</summary>
    [Benchmark]
    public string DataRow_Render() => _dataRow.Render(_state);

    /// <summary><c>Basic {{ base64(users.username + ':' + users.password) }}</c>.</summary>
    [Benchmark]
    public string Base64_Render() => _base64.Render(_state);

    [Benchmark]
    public int Base64_RenderTo() => RenderToPooled(_base64);

    /// <summary>
    /// The whole per-request work for the JSON POST: URL, a templated Authorization header, the body's bytes, plus
    /// what the transport is handed (the parsed <see cref="Uri"/>, the header array, the request definition).
    /// </summary>
    [Benchmark]
    public HttpRequestDefinition JsonRequest_Render() => _jsonRequest.Render(_state, out _)!;

    private Template Header(string request, string name) =>
        Array.Find(_flow.Request(request).Request.Headers, h => h.Name == name).Value ?? throw new InvalidOperationException($"{request} has no {name} header");

    private int RenderToPooled(Template template)
    {
        var writer = new TemplateWriter(256);
        try
        {
            template.RenderTo(ref writer, _state);
            return writer.Length;
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"the {what} benchmark does not render what it should");
        }
    }
}

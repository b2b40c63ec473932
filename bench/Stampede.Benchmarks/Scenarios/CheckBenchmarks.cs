using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Scenarios.Flow;

namespace Stampede.Benchmarks.Scenarios;

/// <summary>
/// What judging a response costs: each kind of check, compiled from a YAML scenario by the real loader,
/// evaluated against one realistic response (a ~1 KB JSON body and the headers an API sends), and each
/// extractor. The goal: a passing check allocates nothing; an extractor allocates the string it returns
/// (<c>Produced</c>) and nothing else. Every check passes here (setup makes sure of it).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ProducedBytesConfig))]
public class CheckBenchmarks
{
    private const string Yaml = """
        options:
          baseUrl: http://127.0.0.1:8080
        scenarios:
          bench:
            executor: per-vu-iterations
            vus: 1
            iterations: 1
            flow:
              - set: { requestId: req-7f3a, degree: "n°" }
              - request:
                  name: checked
                  url: /api/items
                  check:
                    - { status: 200, name: status }
                    - { header: Content-Type, contains: json, name: header contains }
                    - { header: X-Request-Id, equals: "{{ requestId }}", name: header equals template }
                    - { bodyContains: '"total":9', name: body contains }
                    - { bodyContains: "{{ requestId }}", name: body contains template }
                    - { regex: 'req-[0-9a-f]+', name: regex }
                    - { regex: 'req-[0-9a-f]+', equals: "{{ requestId }}", name: regex equals }
                    - { regex: '"stock":(\d+)', lt: 1, name: regex group compare }
                    - { jsonpath: $.a.b, exists: true, name: jsonpath exists }
                    - { jsonpath: $.id, equals: req-7f3a, name: jsonpath equals }
                    - { jsonpath: $.id, equals: "{{ requestId }}", name: jsonpath equals template }
                    - { jsonpath: "$.items[3].price", lt: 100, name: jsonpath compare }
                    - { jsonpath: "$.items[3].name", contains: "{{ degree }}", name: jsonpath contains }
                    - { durationBelow: 500ms, name: duration }
                  extract:
                    token: $.a.b
                    idGroup: { regex: '"id":"(req-[0-9a-f]+)"' }
                    idWhole: { regex: 'req-[0-9a-f]+' }
                    location: { header: Location }
                    session: { cookie: SESSION }
        """;

    private static readonly Uri Url = new("http://127.0.0.1:8080/api/items");

    private LoadedFlow _flow = null!;
    private FlowState _state = null!;
    private HttpExchange _response;
    private HttpExchange _laterResponse;
    private Check _status = null!;
    private Check _headerContains = null!;
    private Check _headerEqualsTemplate = null!;
    private Check _bodyContains = null!;
    private Check _bodyContainsTemplate = null!;
    private Check _regex = null!;
    private Check _regexEquals = null!;
    private Check _regexGroupCompare = null!;
    private Check _jsonPathExists = null!;
    private Check _jsonPathEquals = null!;
    private Check _jsonPathEqualsTemplate = null!;
    private Check _jsonPathCompare = null!;
    private Check _jsonPathContains = null!;
    private Check _duration = null!;
    private Check[] _allocationFree = null!;
    private Extractor _jsonPathExtractor = null!;
    private Extractor _regexGroupExtractor = null!;
    private Extractor _regexWholeExtractor = null!;
    private Extractor _headerExtractor = null!;
    private Extractor _cookieExtractor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _flow = new LoadedFlow(Yaml);
        _state = _flow.State;
        _response = Response(setsSession: true);
        _laterResponse = Response(setsSession: false);

        // As the request step does: the response's cookies go into the VU's jar before checks and extractors run.
        _state.LastUrl = Url;
        foreach (var (name, value) in _response.Headers!)
        {
            if (name == "Set-Cookie")
            {
                _state.Cookies!.SetCookies(Url, value);
            }
        }

        var step = _flow.Request("checked");
        Check FindCheck(string name) => step.Checks.Single(c => c.Name == name);
        Extractor FindExtractor(string variable) => step.Extractors.Single(e => e.Variable == variable);
        _status = FindCheck("status");
        _headerContains = FindCheck("header contains");
        _headerEqualsTemplate = FindCheck("header equals template");
        _bodyContains = FindCheck("body contains");
        _bodyContainsTemplate = FindCheck("body contains template");
        _regex = FindCheck("regex");
        _regexEquals = FindCheck("regex equals");
        _regexGroupCompare = FindCheck("regex group compare");
        _jsonPathExists = FindCheck("jsonpath exists");
        _jsonPathEquals = FindCheck("jsonpath equals");
        _jsonPathEqualsTemplate = FindCheck("jsonpath equals template");
        _jsonPathCompare = FindCheck("jsonpath compare");
        _jsonPathContains = FindCheck("jsonpath contains");
        _duration = FindCheck("duration");
        _allocationFree = [.. step.Checks.Where(c => c != _regexGroupCompare)];
        _jsonPathExtractor = FindExtractor("token");
        _regexGroupExtractor = FindExtractor("idGroup");
        _regexWholeExtractor = FindExtractor("idWhole");
        _headerExtractor = FindExtractor("location");
        _cookieExtractor = FindExtractor("session");

        foreach (var check in step.Checks)
        {
            if (!check.Evaluate(_response, _state, out var observed))
            {
                throw new InvalidOperationException($"check '{check.Name}' should pass on the benchmark response: {observed}");
            }
        }

        if (Extract_JsonPath() != "eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg" || Extract_RegexGroup() != "req-7f3a" || Extract_RegexWholeMatch() != "req-7f3a"
            || Extract_Header() != "/api/items/1007" || Extract_CookieSetByThisResponse() != "s-123" || Extract_CookieFromTheJar() != "s-123")
        {
            throw new InvalidOperationException("an extractor does not find what it should in the benchmark response");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _flow.Dispose();

    [Benchmark]
    public bool Status() => _status.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool Header_Contains() => _headerContains.Evaluate(_response, _state, out _);

    /// <summary><c>equals: "{{ requestId }}"</c>: the expected value is rendered into a pooled buffer.</summary>
    [Benchmark]
    public bool Header_EqualsTemplate() => _headerEqualsTemplate.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool BodyContains() => _bodyContains.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool BodyContains_Template() => _bodyContainsTemplate.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool Regex_Matches() => _regex.Evaluate(_response, _state, out _);

    /// <summary>A pattern without a group and an operator: the first match is tested in a pooled buffer.</summary>
    [Benchmark]
    public bool Regex_WholeMatchEqualsTemplate() => _regexEquals.Evaluate(_response, _state, out _);

    /// <summary>A pattern with a group and an operator: .NET gives groups only on a string, so the body becomes one.</summary>
    [Benchmark]
    public bool Regex_GroupCompare() => _regexGroupCompare.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool JsonPath_Exists() => _jsonPathExists.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool JsonPath_Equals() => _jsonPathEquals.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool JsonPath_EqualsTemplate() => _jsonPathEqualsTemplate.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool JsonPath_Compare() => _jsonPathCompare.Evaluate(_response, _state, out _);

    /// <summary><c>contains</c> on an escaped JSON string (<c>n\u00b0</c>): unescaped into a pooled buffer.</summary>
    [Benchmark]
    public bool JsonPath_ContainsTemplate() => _jsonPathContains.Evaluate(_response, _state, out _);

    [Benchmark]
    public bool DurationBelow() => _duration.Evaluate(_response, _state, out _);

    /// <summary>
    /// The 13 allocation-free checks as a request step runs them: evaluated and counted in the <c>checks</c>
    /// metric (series lookup and per-thread recording included).
    /// </summary>
    [Benchmark]
    public void RunAndRecord_13Checks() => ResponseSteps.Run("flow[1]", null, _response, _allocationFree, [], _state);

    [Benchmark]
    public string? Extract_JsonPath() => _jsonPathExtractor.Extract(_response, _state);

    /// <summary><c>"id":"(req-[0-9a-f]+)"</c>: group 1, which .NET gives only on a string of the body.</summary>
    [Benchmark]
    public string? Extract_RegexGroup() => _regexGroupExtractor.Extract(_response, _state);

    [Benchmark]
    public string? Extract_RegexWholeMatch() => _regexWholeExtractor.Extract(_response, _state);

    /// <summary>A header value is a string the response already holds: nothing to allocate.</summary>
    [Benchmark]
    public string? Extract_Header() => _headerExtractor.Extract(_response, _state);

    /// <summary>The response set the cookie (<c>SESSION=s-123; Path=/; HttpOnly</c>): its value is read from the header.</summary>
    [Benchmark]
    public string? Extract_CookieSetByThisResponse() => _cookieExtractor.Extract(_response, _state);

    /// <summary>A later response that does not set it: the value comes from the VU's jar.</summary>
    [Benchmark]
    public string? Extract_CookieFromTheJar() => _cookieExtractor.Extract(_laterResponse, _state);

    /// <summary>A 1,010-byte JSON list response with the headers an API sends, read in 12 ms.</summary>
    private static HttpExchange Response(bool setsSession)
    {
        var body = new StringBuilder("""{"a":{"b":"eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg","expires":3600},"items":[""");
        for (var i = 0; i < 9; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$"""{"id":{{1000 + i}},"sku":"p-{{100 + i}}","name":"Product n\u00b0{{i}}","price":{{(i * 7) + 0.99}},"stock":{{i * 3}},"tags":["sale","new"]}""");
        }

        body.Append("""],"page":{"number":1,"size":9,"total":9},"id":"req-7f3a"}""");
        List<KeyValuePair<string, string>> headers =
        [
            new("Content-Type", "application/json; charset=utf-8"),
            new("Date", "Mon, 23 Nov 2026 10:00:00 GMT"),
            new("Server", "Kestrel"),
            new("X-Request-Id", "req-7f3a"),
            new("Location", "/api/items/1007"),
            new("Set-Cookie", "theme=dark; Path=/"),
        ];
        if (setsSession)
        {
            headers.Add(new("Set-Cookie", "SESSION=s-123; Path=/; HttpOnly"));
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        var start = Stopwatch.GetTimestamp();
        return new HttpExchange(200, ErrorKind.None, null, start, start + (Stopwatch.Frequency * 12 / 1000), 180, bytes.Length + 240, default, bytes, headers);
    }
}

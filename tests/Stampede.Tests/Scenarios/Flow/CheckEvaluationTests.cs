using System.Diagnostics;
using System.Text;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Scenarios.Flow;

namespace Stampede.Tests.Scenarios.Flow;

/// <summary>
/// Checks and extractors compiled from a scenario file, judged against one realistic response: what they
/// decide, and that a passing check allocates nothing and an extractor only the value it returns.
/// </summary>
public sealed class CheckEvaluationTests : IDisposable
{
    private const string Yaml = """
        options:
          baseUrl: http://127.0.0.1:8080
        scenarios:
          s:
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
                    - { jsonpath: "$.page", matches: '"total":9', name: jsonpath matches }
                    - { durationBelow: 500ms, name: duration }
                  extract:
                    token: $.a.b
                    idGroup: { regex: '"id":"(req-[0-9a-f]+)"' }
                    idWhole: { regex: 'req-[0-9a-f]+' }
                    location: { header: Location }
                    session: { cookie: SESSION }
        """;

    private static readonly string[] AllocationFreeChecks =
    [
        "status", "header contains", "header equals template", "body contains", "body contains template", "regex", "regex equals",
        "jsonpath exists", "jsonpath equals", "jsonpath equals template", "jsonpath compare", "jsonpath contains", "jsonpath matches", "duration",
    ];

    private readonly FlowHarness _flow = new(Yaml);
    private readonly HttpExchange _exchange = Response();

    /// <summary>Every check of the request passes on <see cref="Response"/>.</summary>
    public static TheoryData<string> Passing => [.. AllocationFreeChecks, "regex group compare"];

    /// <summary>All but a regex testing a capture group, which needs the body as a string (see <see cref="Bodies"/>).</summary>
    public static TheoryData<string> AllocationFree => [.. AllocationFreeChecks];

    public void Dispose() => _flow.Dispose();

    /// <summary>A JSON list response with the headers an API sends, read in 12 ms.</summary>
    internal static HttpExchange Response()
    {
        var body = new StringBuilder("""{"a":{"b":"eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg","expires":3600},"items":[""");
        for (var i = 0; i < 9; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture,
                $$"""{"id":{{1000 + i}},"sku":"p-{{100 + i}}","name":"Product n\u00b0{{i}}","price":{{(i * 7) + 0.99}},"stock":{{i * 3}}}""");
        }

        body.Append("""],"page":{"number":1,"size":9,"total":9},"id":"req-7f3a"}""");
        KeyValuePair<string, string>[] headers =
        [
            new("Content-Type", "application/json; charset=utf-8"),
            new("Date", "Mon, 23 Nov 2026 10:00:00 GMT"),
            new("X-Request-Id", "req-7f3a"),
            new("Location", "/api/items/1007"),
            new("Set-Cookie", "SESSION=s-123; Path=/; HttpOnly"),
            new("Set-Cookie", "theme=dark; Path=/"),
        ];
        var start = Stopwatch.GetTimestamp();
        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        return new HttpExchange(200, ErrorKind.None, null, start, start + (Stopwatch.Frequency * 12 / 1000), 180, bytes.Length + 240, default, bytes, headers);
    }

    private Check Check(string name) => Assert.Single(_flow.Request("checked").Checks, c => c.Name == name);

    private Extractor Extractor(string variable) => Assert.Single(_flow.Request("checked").Extractors, e => e.Variable == variable);

    [Theory]
    [MemberData(nameof(Passing))]
    public void Evaluate_RealisticResponse_Passes(string name)
    {
        var passed = Check(name).Evaluate(_exchange, _flow.State, out var observed);

        Assert.True(passed, observed);
        Assert.Null(observed);
    }

    [Theory]
    [MemberData(nameof(AllocationFree))]
    public void Evaluate_PassingCheck_AllocatesNothing(string name)
    {
        var check = Check(name);

        var allocated = Allocations.PerCall(() => check.Evaluate(_exchange, _flow.State, out _));

        Assert.True(allocated < Allocations.Slack, $"{name}: {allocated} B per call");
    }

    [Theory]
    [InlineData("header equals template", "X-Request-Id: req-7f3a")]
    [InlineData("body contains template", "body without it")]
    [InlineData("regex equals", "matched 'req-7f3a'")]
    [InlineData("jsonpath equals template", "$.id = req-7f3a")]
    public void Evaluate_TemplateExpectingAnotherValue_FailsAndSaysWhatWasFound(string name, string found)
    {
        _flow.State.Slots[SlotHolding("req-7f3a")] = "req-0000";

        var passed = Check(name).Evaluate(_exchange, _flow.State, out var observed);

        Assert.False(passed);
        Assert.StartsWith(found, observed, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PassingChecks_CountsEachInTheChecksMetricWithoutAllocating()
    {
        Check[] checks = [.. AllocationFreeChecks.Select(Check)];
        const int Calls = 200;

        var allocated = Allocations.PerCall(() => ResponseSteps.Run("flow[1]", null, _exchange, checks, [], _flow.State), Calls);

        var counted = _flow.Recorder.Collect().Metrics.Values.Where(m => m.Metric.Name == BuiltinMetrics.Checks.Name).ToList();
        Assert.Equal(checks.Length, counted.Count);
        Assert.All(counted, m => Assert.Equal((Calls + Allocations.WarmUpCalls, 0L), (m.Passes, m.Fails)));
        Assert.True(allocated < Allocations.Slack, $"{allocated} B per call");
    }

    [Fact]
    public void Evaluate_RegexGroupBelowLimit_TestsGroupOneNotTheWholeMatch()
    {
        // Group 1 of the first match is "0" (< 1); the whole match, "stock":0, is not a number at all.
        Assert.True(Check("regex group compare").Evaluate(_exchange, _flow.State, out _));
    }

    [Fact]
    public void Evaluate_JsonPathContainsOnAnEscapedString_ComparesTheUnescapedText()
    {
        _flow.State.Slots[SlotHolding("n°")] = "n\\u00b0";

        Assert.False(Check("jsonpath contains").Evaluate(_exchange, _flow.State, out var observed));
        Assert.Equal("$.items[3].name = Product n°3", observed);
    }

    [Theory]
    [InlineData("token", "eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg")]
    [InlineData("idGroup", "req-7f3a")]
    [InlineData("idWhole", "req-7f3a")]
    [InlineData("location", "/api/items/1007")]
    public void Run_Extractor_SetsTheVariable(string variable, string expected)
    {
        var extractor = Extractor(variable);

        Assert.Equal(expected, extractor.Run(_exchange, _flow.State));
        Assert.Equal(expected, _flow.State.Slots[extractor.Slot]);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("idWhole")]
    public void Extract_Value_AllocatesOnlyTheString(string variable)
    {
        var extractor = Extractor(variable);
        var value = extractor.Extract(_exchange, _flow.State)!;

        var allocated = Allocations.PerCall(() => extractor.Extract(_exchange, _flow.State));

        Assert.InRange(allocated, Allocations.StringSize(value.Length), Allocations.StringSize(value.Length) + Allocations.Slack);
    }

    [Fact]
    public void Extract_Header_ReturnsTheCapturedStringWithoutAllocating()
    {
        var extractor = Extractor("location");

        Assert.Same(_exchange.Headers![3].Value, extractor.Extract(_exchange, _flow.State));
        Assert.True(Allocations.PerCall(() => extractor.Extract(_exchange, _flow.State)) < Allocations.Slack);
    }

    [Theory]
    [InlineData("SESSION=s-123; Path=/; HttpOnly")]
    [InlineData("SESSION=s-123")]
    [InlineData("SESSION=s-123; SameSite=Lax; Max-Age=3600")]
    [InlineData("SESSION=s-123; Max-Age=0")]
    [InlineData("SESSION=s-123; Expires=Thu, 01 Jan 1970 00:00:00 GMT")]
    [InlineData("SESSION=s-123; Path=/other")]
    [InlineData("SESSION=s-123; Domain=example.com")]
    [InlineData("SESSION=s-123; Secure")]
    [InlineData("SESSION=\"s-123\"; Path=/")]
    [InlineData("SESSION=a,b; Path=/")]
    [InlineData("SESSION=; Path=/")]
    [InlineData("theme=dark; Path=/")]
    public void Extract_CookieWithAJar_AgreesWithTheJar(string setCookie)
    {
        var url = new Uri("http://127.0.0.1:8080/api/items");
        var jar = _flow.State.Cookies!;
        try
        {
            jar.SetCookies(url, setCookie);
        }
        catch (System.Net.CookieException)
        {
            // The request step ignores a Set-Cookie the jar refuses; so does this test.
        }

        _flow.State.LastUrl = url;
        var exchange = new HttpExchange(200, ErrorKind.None, null, 0, 1, 0, 0, default, default, [new("Set-Cookie", setCookie)]);

        Assert.Equal(jar.GetCookies(url)["SESSION"]?.Value, Extractor("session").Extract(exchange, _flow.State));
    }

    [Fact]
    public void Extract_CookieSetByAnEarlierResponse_ComesFromTheJar()
    {
        var url = new Uri("http://127.0.0.1:8080/api/items");
        _flow.State.Cookies!.SetCookies(url, "SESSION=earlier; Path=/");
        _flow.State.LastUrl = url;
        var exchange = new HttpExchange(200, ErrorKind.None, null, 0, 1, 0, 0, default, default, [new("Set-Cookie", "theme=dark")]);

        Assert.Equal("earlier", Extractor("session").Extract(exchange, _flow.State));
    }

    [Fact]
    public void Extract_CookieThisResponseSet_AllocatesOnlyTheString()
    {
        var url = new Uri("http://127.0.0.1:8080/api/items");
        _flow.State.Cookies!.SetCookies(url, "SESSION=s-123; Path=/; HttpOnly");
        _flow.State.LastUrl = url;
        var extractor = Extractor("session");

        var allocated = Allocations.PerCall(() => extractor.Extract(_exchange, _flow.State));

        Assert.Equal("s-123", extractor.Extract(_exchange, _flow.State));
        Assert.InRange(allocated, Allocations.StringSize(5), Allocations.StringSize(5) + Allocations.Slack);
    }

    /// <summary>The slot the set step filled with <paramref name="value"/> (every value it sets is distinct).</summary>
    private int SlotHolding(string value) => Array.IndexOf(_flow.State.Slots, value) is var slot and >= 0 ? slot : throw new InvalidOperationException(value);
}

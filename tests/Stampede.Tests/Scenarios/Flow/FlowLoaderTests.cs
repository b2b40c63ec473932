using Stampede.Scenarios;
using Stampede.Scenarios.Flow;
using static Stampede.Tests.Scenarios.ScenarioTestHelpers;

namespace Stampede.Tests.Scenarios.Flow;

public class FlowLoaderTests
{
    private static string Scenario(string flow, string head = "") => $$"""
        options:
          baseUrl: http://127.0.0.1:5080
        {{head}}
        scenarios:
          s:
            executor: per-vu-iterations
            vus: 1
            iterations: 1
            flow:
        {{flow}}
        """;

    [Fact]
    public void Parse_FileWithFiveDifferentMistakes_ReportsAllFiveWithPositions()
    {
        var errors = Errors("""
            options:
              baseUrl: http://127.0.0.1:5080
              thresholds:
                http_req_durations: ["p(95)<500"]
            scenarios:
              s:
                executor: constant-vus
                duration: 30s
                vus: many
                flow:
                  - request: { url: "/items/{{ itemId }}" }
                  - think: 2 seconds
                  - request: { url: /x, check: [ { status: 200, equals: 1 } ] }
            """);

        Assert.Equal(5, errors.Count);
        Assert.Equal(4, errors[0].Line);
        Assert.Contains("http_req_durations", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((9, 10), (errors[1].Line, errors[1].Column));
        Assert.Contains("expected a whole number, got 'many'", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(11, errors[2].Line);
        Assert.Contains("variable `itemId` is used but never set", errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(12, errors[3].Line);
        Assert.Contains("2 seconds", errors[3].Message, StringComparison.Ordinal);
        Assert.Equal(13, errors[4].Line);
        Assert.Contains("`equals` does not go with `status`", errors[4].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("      - request: { url: \"/a/{{ uuid( }}\" }", "`{{ uuid( }}` ends where a value was expected")]
    [InlineData("      - request: { url: \"/a/{{ randomInt(5, 1) }}\" }", "randomInt(5, 1): the minimum is above the maximum")]
    [InlineData("      - request: { url: \"/a/{{ randomStrng(4) }}\" }", "did you mean `randomString()`?")]
    [InlineData("      - request: { url: \"/a/{{ env.STAMPEDE_SURELY_UNSET_VAR }}\" }", "environment variable `STAMPEDE_SURELY_UNSET_VAR`, which is not set")]
    [InlineData("      - request: { url: \"/a/{{ x\" }", "has no closing `}}`")]
    [InlineData("      - check: [ { status: 200 } ]", "there is none in this list")]
    [InlineData("      - url: /health", "`url` belongs inside a request")]
    [InlineData("      - request: { url: /a }\n        think: 1s", "one step per list item")]
    [InlineData("      - think: { uniform: [3s, 1s] }", "is below the minimum")]
    [InlineData("      - request: { url: /a, check: [ { jsonpath: \"$.a[\", exists: true } ] }", "is not a valid JSONPath")]
    [InlineData("      - request: { url: /a, check: [ { regex: \"(\" } ] }", "is not a valid regular expression")]
    [InlineData("      - request: { url: /a, extract: { 1bad: $.a } }", "'1bad' is not a variable name")]
    [InlineData("      - set: { vu: 3 }", "`vu` already means something in templates")]
    [InlineData("      - request: { url: /a, json: { a: 1 }, body: x }", "a request has one of body, json, form or file")]
    [InlineData("      - request: { url: /a, file: missing.bin }", "cannot read 'missing.bin'")]
    [InlineData("      - if: { then: [] }", "if needs `when`")]
    [InlineData("      - repeat: { times: -1, steps: [ { request: { url: /a } } ] }", "must be 0 or more")]
    [InlineData("      - repeat: { times: [2], steps: [ { request: { url: /a } } ] }", "repeat.times: expected a whole number or a template, got a list")]
    [InlineData("      - repeat: { times: 2, as: [i], steps: [ { request: { url: /a } } ] }", "repeat.as: expected a variable name, got a list")]
    [InlineData("      - foreach: { in: [a], as: { x: 1 }, steps: [ { request: { url: /a } } ] }", "foreach.as: expected a variable name, got a mapping")]
    [InlineData("      - foreach: { in: [a], as: null, steps: [ { request: { url: /a } } ] }", "foreach.as: expected a variable name, got nothing")]
    public void Parse_BadStep_ReportsWhatAndWhere(string flow, string fragment)
    {
        var errors = Errors(Scenario(flow));

        var error = Single(errors, fragment);
        Assert.True(error.Line >= 10, error.ToString());
    }

    [Fact]
    public void Parse_UndefinedVariableCloseToADefinedOne_SuggestsIt()
    {
        var errors = Errors(Scenario("""
                  - request: { url: /login, extract: { token: $.token } }
                  - request: { url: /me, headers: { Authorization: "Bearer {{ tokne }}" } }
            """));

        Assert.Equal("did you mean `token`?", Single(errors, "`tokne`").Hint);
    }

    [Fact]
    public void Parse_VariableSetLaterInTheFlow_IsNotUndefined()
    {
        var plan = Parse(Scenario("""
                  - if: { when: "{{ next }}", then: [ { request: { url: "/page/{{ next }}" } } ] }
                  - request: { url: /list, extract: { next: $.next } }
            """));

        var program = Assert.IsType<FlowProgram>(plan.Scenarios[0].Body);
        Assert.Equal(1, program.SlotCount);
    }

    [Fact]
    public void Parse_ConstantRequest_IsBuiltOnceAndKeepsOnlyWhatItsChecksNeed()
    {
        var plan = Parse(Scenario("""
                  - request: { url: /a, headers: { X-Key: "{{ env.HOME }}" }, check: [ { status: 200 } ] }
                  - request: { url: /b, check: [ { header: Content-Type, contains: json } ] }
                  - request: { url: "/c/{{ vu }}" }
            """, "  cookies: false"));

        var steps = Assert.IsType<FlowProgram>(plan.Scenarios[0].Body).Steps.Cast<RequestStep>().ToList();
        var a = steps[0].Request.Static!;
        Assert.Equal(Environment.GetEnvironmentVariable("HOME"), a.Headers.Single(h => h.Key == "X-Key").Value);
        Assert.False(a.CaptureBody);
        Assert.Equal(Stampede.Http.HeaderCapture.None, a.CaptureHeaders);
        Assert.Equal(Stampede.Http.HeaderCapture.All, steps[1].Request.Static!.CaptureHeaders);
        Assert.Null(steps[2].Request.Static);
    }

    [Fact]
    public void Parse_RequestsAndFlowTogether_IsAnError()
    {
        var errors = Errors("""
            scenarios:
              s:
                executor: per-vu-iterations
                requests: [ { url: http://127.0.0.1:1/ } ]
                flow: [ { request: { url: http://127.0.0.1:1/ } } ]
            """);

        Assert.Contains("`requests` or `flow`, not both", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}

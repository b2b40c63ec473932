using Stampede.Scenarios;
using static Stampede.Tests.Scenarios.ScenarioTestHelpers;

namespace Stampede.Tests.Scenarios;

public class ScenarioLoaderErrorTests
{
    [Fact]
    public void Parse_FileWithManyMistakes_ReportsEveryOneWithItsPosition()
    {
        var errors = Errors("""
            options:
              baseUrl: ftp://example.test
              timeout: soon
            scenarios:
              browse:
                executor: constant-vus
                vus: ten
                duraton: 30s
                stages: []
                requests:
                  - url: /health
                    method: GE T
              spike:
                executor: constant-arival-rate
                requests: [{ url: /x }]
              paced:
                executor: constant-arrival-rate
                duration: 10s
                preAllocatedVUs: 5
                requests: [{ url: /x, expect: 700 }]
            """);

        Assert.Equal(
        [
            "test.yaml:2:12: options.baseUrl: 'ftp://example.test' is not a valid http or https URL (only http and https are supported, not ftp)",
            "test.yaml:3:12: options.timeout: expected a duration, got 'soon' (write it like 500ms, 30s, 2m or 1h30m)",
            "test.yaml:5:3: scenarios.browse: constant-vus needs `duration` (for example `duration: 30s`)",
            "test.yaml:7:10: scenarios.browse.vus: expected a whole number, got 'ten' (for example 10)",
            "test.yaml:8:5: unknown key `duraton` in scenarios.browse (did you mean `duration`?)",
            "test.yaml:9:5: scenarios.browse: `stages` is not a field of constant-vus; it belongs to ramping-vus and ramping-arrival-rate",
            "test.yaml:12:17: scenarios.browse.requests[0].method: 'GE T' is not an HTTP method (for example GET, POST, PUT or DELETE)",
            "test.yaml:14:15: scenarios.spike.executor: unknown executor 'constant-arival-rate' (did you mean `constant-arrival-rate`?)",
            "test.yaml:16:3: scenarios.paced: constant-arrival-rate needs `rate` (for example `rate: 200` with `timeUnit: 1s`, or `rate: 200/s`)",
            "test.yaml:20:35: scenarios.paced.requests[0].expect: 700 is not an HTTP status (statuses are between 100 and 599)",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_Errors_CarryStructuredFields()
    {
        var error = Assert.Single(Errors("""
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                vus: many
                requests: [{ url: http://h.test/ }]
            """));

        Assert.Equal(new ScenarioError("test.yaml", 5, 10, "scenarios.s.vus: expected a whole number, got 'many'", "for example 10"), error);
    }

    [Theory]
    [InlineData("durtion: 10s", "did you mean `duration`?")]
    [InlineData("Duration: 10s", "did you mean `duration`?")]
    [InlineData("vu: 3", "did you mean `vus`?")]
    [InlineData("gracefulstop: 1s", "did you mean `gracefulStop`?")]
    [InlineData("reqests: []", "did you mean `requests`?")]
    [InlineData("banana: 1", "valid here: executor, startTime, gracefulStop, tags, requests, flow, vus, duration")]
    public void Parse_UnknownScenarioKey_SuggestsKeysValidThere(string line, string hint)
    {
        var errors = Errors($"""
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                {line}
                requests: [{"{"} url: http://h.test/ {"}"}]
            """);

        var error = errors.First(e => e.Message.StartsWith("unknown key", StringComparison.Ordinal));
        Assert.Equal((5, 5), (error.Line, error.Column));
        Assert.Equal(hint, error.Hint);
    }

    [Fact]
    public void Parse_FieldOfAnotherExecutor_SaysWhichExecutorOwnsIt()
    {
        var errors = Errors("""
            scenarios:
              s:
                executor: ramping-vus
                stages: [{ duration: 10s, target: 5 }]
                preAllocatedVUs: 3
                requests: [{ url: http://h.test/ }]
            """);

        var error = Single(errors, "preAllocatedVUs");
        Assert.Equal("scenarios.s: `preAllocatedVUs` is not a field of ramping-vus; it belongs to constant-arrival-rate and ramping-arrival-rate", error.Message);
        Assert.Equal((5, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_UnknownTopLevelAndOptionKeys_AreReported()
    {
        var errors = Errors("""
            option:
              baseUrl: http://h.test
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                requests: [{ url: http://h.test/ }]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("test.yaml:1:1: unknown key `option` at the top level (did you mean `options`?)", error.ToString());
    }

    [Fact]
    public void Parse_LaterFormatKeys_SayNotSupportedYet()
    {
        var errors = Errors("""
            options:
              monitors: { cpu: true }
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                requests: [{ url: http://h.test/, check: [{ status: 200 }] }]
            """);

        Assert.Equal((2, 3), (Single(errors, "`monitors` is not supported").Line, Single(errors, "`monitors` is not supported").Column));
        Assert.Equal(7, Single(errors, "`check` is not supported").Line);
    }

    [Fact]
    public void Parse_RelativeUrlWithoutBaseUrl_HintsAtBaseUrl()
    {
        var error = Assert.Single(Errors("""
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                requests:
                  - url: /health
            """));

        Assert.Equal("test.yaml:6:14: scenarios.s.requests[0].url: '/health' is a relative URL and there is no base URL (set options.baseUrl or use an absolute URL)",
            error.ToString());
    }

    [Fact]
    public void Parse_NonHttpUrlAndMissingUrl_AreReported()
    {
        var errors = Errors("""
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                requests:
                  - url: ws://h.test/socket
                  - name: nothing
            """);

        Assert.Equal("only http and https are supported, not ws", Single(errors, "ws://").Hint);
        Assert.Equal((7, 9), (Single(errors, "needs `url`").Line, Single(errors, "needs `url`").Column));
    }

    [Fact]
    public void Parse_DuplicateKeys_ReportsEachWithTheFirstPosition()
    {
        var errors = Errors("""
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                duration: 20s
                requests: [{ url: http://h.test/, url: http://h.test/b }]
            """);

        Assert.Equal(2, errors.Count);
        Assert.Equal("test.yaml:5:5: duplicate key `duration`; it is already set at 4:5 (remove one of them)", errors[0].ToString());
        Assert.Equal((6, 39), (errors[1].Line, errors[1].Column));
    }

    [Fact]
    public void Parse_ScenarioWithoutExecutorOrFlow_ReportsBoth()
    {
        var errors = Errors("""
            scenarios:
              idle:
                vus: 1
            """);

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal((2, 3), (e.Line, e.Column)));
        Assert.Contains(errors, e => e.Message == "scenarios.idle: a scenario needs `executor`");
        Assert.Contains(errors, e => e.Message == "scenarios.idle: scenario `idle` has no `flow`");
    }

    [Fact]
    public void Parse_ExecutorValidationFails_ReportedAtTheScenario()
    {
        var errors = Errors("""
            scenarios:
              paced:
                executor: constant-arrival-rate
                rate: 10
                duration: 10s
                preAllocatedVUs: 5
                maxVUs: 2
                requests: [{ url: http://h.test/ }]
              still:
                executor: constant-vus
                vus: 0
                duration: 10s
                requests: [{ url: http://h.test/ }]
            """);

        Assert.Equal(
        [
            "test.yaml:2:3: scenarios.paced: maxVUs (2) must be at least preAllocatedVUs (5)",
            "test.yaml:9:3: scenarios.still: vus must be greater than 0 (got 0)",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_BadStagesAndRateTwice_AreReportedPerItem()
    {
        var errors = Errors("""
            scenarios:
              ramp:
                executor: ramping-vus
                stages:
                  - { duration: 10s, target: 5 }
                  - { duration: forever, target: 2.5 }
                  - { target: 1 }
                requests: [{ url: http://h.test/ }]
              paced:
                executor: constant-arrival-rate
                rate: 100/s
                timeUnit: 1s
                duration: 1m
                preAllocatedVUs: 1
                requests: [{ url: http://h.test/ }]
            """);

        Assert.Equal((6, 21), (Single(errors, "stages[1].duration").Line, Single(errors, "stages[1].duration").Column));
        Assert.Equal((6, 38), (Single(errors, "stages[1].target").Line, Single(errors, "stages[1].target").Column));
        Assert.Equal(7, Single(errors, "a stage needs `duration`").Line);
        Assert.Equal((12, 15), (Single(errors, "time unit is given twice").Line, Single(errors, "time unit is given twice").Column));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Parse_BodyAndJsonTogether_IsAnError()
    {
        var error = Assert.Single(Errors("""
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                requests:
                  - url: http://h.test/
                    body: x
                    json: { a: 1 }
            """));

        Assert.Equal("scenarios.s.requests[0]: a request has either `body` or `json`, not both", error.Message);
        Assert.Equal((7, 15), (error.Line, error.Column));
    }
}

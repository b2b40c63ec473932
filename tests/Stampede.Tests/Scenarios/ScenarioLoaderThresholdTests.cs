using Stampede.Metrics;
using Stampede.Thresholds;
using static Stampede.Tests.Scenarios.ScenarioTestHelpers;

namespace Stampede.Tests.Scenarios;

public class ScenarioLoaderThresholdTests
{
    [Fact]
    public void Parse_Thresholds_ListsAndSingleExpressionsWithTagFilters()
    {
        var plan = Parse("""
            options:
              baseUrl: http://127.0.0.1:5080
              thresholds:
                http_req_duration: ["p(95)<500", "p(99)<1000"]
                http_req_failed: rate<0.01
                "http_req_duration{name:encrypt}": ["p(95)<100 over 30s"]
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: /health }]
            """);

        Assert.Equal(
        [
            "http_req_duration: p(95)<500",
            "http_req_duration: p(99)<1000",
            "http_req_failed: rate<0.01",
            "http_req_duration{name:encrypt}: p(95)<100 over 30s",
        ], plan.Thresholds.Select(t => t.Source));
        var windowed = plan.Thresholds[^1];
        Assert.Equal(TagSet.Of(("name", "encrypt")), windowed.Filter);
        Assert.Equal(TimeSpan.FromSeconds(30), windowed.Window);
        Assert.Equal(ThresholdStatistic.Rate, plan.Thresholds[2].Statistic);
    }

    [Fact]
    public void Parse_ThresholdWithOptions_ReadsAbortOnFailAndDelay()
    {
        var plan = Parse("""
            options:
              thresholds:
                http_req_failed:
                  - { threshold: "rate<0.05", abortOnFail: true, delayAbortEval: 10s }
                  - rate<0.5
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: http://127.0.0.1:1/ }]
            """);

        Assert.Equal([(true, TimeSpan.FromSeconds(10)), (false, TimeSpan.Zero)],
            plan.Thresholds.Select(t => (t.AbortOnFail, t.DelayAbortEval)));
    }

    [Fact]
    public void Parse_BadThresholds_ReportsEachAtItsLineAndColumn()
    {
        var errors = Errors("""
            options:
              thresholds:
                http_req_duraton: ["p(95)<500"]
                http_req_duration: ["p(95)<500", "count<3", 12x]
                http_req_failed: {}
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: http://127.0.0.1:1/ }]
            """);

        Assert.Equal(4, errors.Count);
        Assert.StartsWith("test.yaml:3:24: options.thresholds.http_req_duraton: threshold `http_req_duraton: p(95)<500`: unknown metric",
            errors[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("did you mean `http_req_duration`?", errors[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("test.yaml:4:38: options.thresholds.http_req_duration: threshold `http_req_duration: count<3`: `count` does not apply",
            errors[1].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("test.yaml:4:49: options.thresholds.http_req_duration: threshold `http_req_duration: 12x`: `12x` is not a condition",
            errors[2].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("test.yaml:5:22: options.thresholds.http_req_failed: expected a list of conditions", errors[3].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThresholdObjectWithoutThreshold_NamesThePathOnce()
    {
        var errors = Errors("""
            options:
              thresholds:
                http_req_failed: [ { abortOnFail: true } ]
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: http://127.0.0.1:1/ }]
            """);

        var error = Assert.Single(errors);
        Assert.Equal("options.thresholds.http_req_failed: a threshold with options needs `threshold`", error.Message);
    }
}

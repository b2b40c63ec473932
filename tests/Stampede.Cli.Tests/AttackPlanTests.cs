using Stampede.Cli.Commands;
using Stampede.Cli.Output;
using Stampede.Engine;
using Stampede.Http;

namespace Stampede.Cli.Tests;

public class AttackPlanTests
{
    private static readonly Uri Url = new("http://127.0.0.1:9/api/x");

    [Fact]
    public void BuildPlan_Rate_OpenModelWithExactDuration()
    {
        var plan = AttackCommand.BuildPlan(new AttackArguments { Url = Url, Rate = "2000/s", Duration = TimeSpan.FromSeconds(10) });

        var executor = Assert.IsType<ConstantArrivalRateConfig>(plan.Scenarios.Single().Executor);
        Assert.Equal(2000, executor.Rate);
        Assert.Equal(TimeSpan.FromSeconds(10), executor.Duration);
        Assert.Equal(1000, executor.MaxVUs);
    }

    [Fact]
    public void BuildPlan_RateAndCount_DurationFromCount()
    {
        var plan = AttackCommand.BuildPlan(new AttackArguments { Url = Url, Rate = "60/m", Requests = 30 });

        var executor = Assert.IsType<ConstantArrivalRateConfig>(plan.Scenarios.Single().Executor);
        Assert.Equal(TimeSpan.FromSeconds(30), executor.Duration);
        Assert.Equal(TimeSpan.FromMinutes(1), executor.TimeUnit);
    }

    [Fact]
    public void BuildPlan_ConnectionsAndCount_SharedIterations()
    {
        var plan = AttackCommand.BuildPlan(new AttackArguments { Url = Url, Connections = 8, Requests = 10_000 });

        var executor = Assert.IsType<SharedIterationsConfig>(plan.Scenarios.Single().Executor);
        Assert.Equal(8, executor.Vus);
        Assert.Equal(10_000, executor.Iterations);
    }

    [Fact]
    public void BuildPlan_HeadersBodyAndMethod_InRequest()
    {
        var plan = AttackCommand.BuildPlan(new AttackArguments
        {
            Url = Url,
            Method = "post",
            Headers = ["Content-Type: application/json", "X-A:b"],
            Data = """{"a":1}""",
            Http2 = true,
        });

        var request = Assert.IsType<HttpFlow>(plan.Scenarios.Single().Body).Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal([KeyValuePair.Create("Content-Type", "application/json"), KeyValuePair.Create("X-A", "b")], request.Headers);
        Assert.Equal("""{"a":1}""", System.Text.Encoding.UTF8.GetString(request.Body.Span));
        Assert.Equal("/api/x", request.Name);
        Assert.Equal(HttpVersionMode.Http2, plan.Http.Version);
        Assert.IsType<ConstantVusConfig>(plan.Scenarios.Single().Executor);
    }

    [Fact]
    public void Redact_SecretsInCommandLine_Hidden()
    {
        var line = CommandLine.Redact(["attack", "http://x/", "-H", "Authorization: Bearer abc.def", "--cert-password", "hunter2", "-H", "X-Trace: 1"]);

        Assert.DoesNotContain("abc.def", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        Assert.Contains("'Authorization: ***'", line, StringComparison.Ordinal);
        Assert.Contains("'X-Trace: 1'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildPlan_Thresholds_ParsedWithTheColonOfATagFilterKept()
    {
        var plan = AttackCommand.BuildPlan(new AttackArguments
        {
            Url = Url,
            Thresholds = ["http_req_duration{name:/api/x}: p(95)<50 over 10s", "http_req_failed:rate<0.01"],
        });

        Assert.Equal(["http_req_duration{name:/api/x}: p(95)<50 over 10s", "http_req_failed: rate<0.01"], plan.Thresholds.Select(t => t.Source));
    }

    [Theory]
    [InlineData("p(95)<50", "--threshold: threshold `p(95)<50`: write it as METRIC: CONDITION")]
    [InlineData("http_req_duraton: p(95)<50", "--threshold: threshold `http_req_duraton: p(95)<50`: unknown metric `http_req_duraton`; did you mean `http_req_duration`?")]
    public void BuildPlan_BadThreshold_SaysWhichAndWhy(string threshold, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => AttackCommand.BuildPlan(new AttackArguments { Url = Url, Thresholds = [threshold] }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}

using Stampede.DemoTarget;
using Stampede.Engine;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Engine;

/// <summary>The library's public face, as the README shows it, against the real demo target.</summary>
public class RunnerHttpTests
{
    [Fact]
    public async Task RunAsync_ReadmeExample_RecordsEveryRequestWithItsTags()
    {
        await using var target = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] });
        var health = new HttpRequestDefinition { Name = "health", Method = HttpMethod.Get, Url = new(target.BaseUrl, "/health") };
        var missing = new HttpRequestDefinition { Name = "missing", Method = HttpMethod.Get, Url = new(target.BaseUrl, "/api/items/0") };
        var plan = new TestPlanBuilder()
            .Scenario("browse", new SharedIterationsConfig(Vus: 4, Iterations: 40), async (vu, ct) =>
            {
                await vu.SendAsync(health, ct);
                await vu.SendAsync(missing, ct);
            })
            .Build();

        var result = await new Runner(plan).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new RequestAccounting(80, 40, 40, 0), result.Accounting);
        var ok = result.Total(BuiltinMetrics.HttpReqs, TagSet.Of(("name", "health"), ("method", "GET"), ("status", "200"), ("scenario", "browse")));
        Assert.Equal(40, ok!.Count);
        Assert.Equal(40, result.Errors.Counts[ErrorKind.Http4xx]);
        Assert.Equal(40, result.Total(BuiltinMetrics.HttpReqFailed, TagSet.Of(("name", "missing")))!.Passes);
        Assert.True(result.Total(BuiltinMetrics.DataReceived)!.Sum > 0);
        Assert.Equal(40, result.Total(BuiltinMetrics.Iterations)!.Count);
    }

    [Theory]
    [InlineData(HttpTransportKind.Fast)]
    [InlineData(HttpTransportKind.Handler)]
    public async Task WarmUp_SendsEveryRequestToItsOwnServer(HttpTransportKind transport)
    {
        var succeeded = await WarmUp.RunAsync(new HttpSettings { Transport = transport }, connections: 3, requests: 250, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(250, succeeded);
    }

    [Fact]
    public async Task RunAsync_WithWarmUp_ResultsHoldOnlyTheTargetsRequests()
    {
        await using var target = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] });
        var health = new HttpRequestDefinition { Name = "health", Method = HttpMethod.Get, Url = new(target.BaseUrl, "/health") };
        var plan = new TestPlanBuilder()
            .Scenario("browse", new SharedIterationsConfig(Vus: 2, Iterations: 30), async (vu, ct) => await vu.SendAsync(health, ct))
            .Build();

        var result = await new Runner(plan, new RunnerOptions { WarmUp = true }).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new RequestAccounting(30, 30, 0, 0), result.Accounting);
        Assert.Equal(30, result.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.DoesNotContain(result.Metrics, m => m.Tags.Tags.Any(t => t.Value.Contains("warm-up", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_ExpectedStatuses_DecideWhatFails()
    {
        await using var target = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] });
        var missingIsFine = new HttpRequestDefinition
        {
            Name = "gone",
            Method = HttpMethod.Get,
            Url = new(target.BaseUrl, "/api/items/0"),
            ExpectedStatuses = [404],
        };
        var createdExpected = new HttpRequestDefinition
        {
            Name = "health",
            Method = HttpMethod.Get,
            Url = new(target.BaseUrl, "/health"),
            ExpectedStatuses = [201],
        };
        var plan = new TestPlanBuilder()
            .Scenario("expect", new SharedIterationsConfig(Vus: 2, Iterations: 10), async (vu, ct) =>
            {
                await vu.SendAsync(missingIsFine, ct);
                await vu.SendAsync(createdExpected, ct);
            })
            .Build();

        var result = await new Runner(plan).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new RequestAccounting(20, 10, 10, 0), result.Accounting);
        Assert.Equal(0, result.Total(BuiltinMetrics.HttpReqFailed, TagSet.Of(("name", "gone")))!.Passes);
        Assert.Equal(10, result.Total(BuiltinMetrics.HttpReqFailed, TagSet.Of(("name", "health")))!.Passes);
        Assert.Equal(10, result.Errors.Counts[ErrorKind.Other]);
        Assert.Contains(result.Errors.Messages, m => m.Kind == ErrorKind.Other && m.Message == "HTTP 200");
    }
}

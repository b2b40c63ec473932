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
}

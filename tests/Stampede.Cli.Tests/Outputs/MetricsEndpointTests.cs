using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stampede.Cli.Outputs;
using Stampede.Engine;
using Stampede.Metrics;

namespace Stampede.Cli.Tests.Outputs;

public class MetricsEndpointTests
{
    [Fact]
    public async Task Map_GetMetricsAfterTwoIntervals_ServesTheCumulativeStateAsText004()
    {
        var state = new PrometheusState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        MetricsEndpoint.Map(app, state);
        await app.StartAsync();
        var url = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()), "/metrics");
        using var client = new HttpClient();

        var before = await client.GetStringAsync(url);
        ISink sink = state;
        sink.OnInterval(Snapshots.Of(Snapshots.Counter(BuiltinMetrics.HttpReqs, 2, ("name", "a"))), default);
        sink.OnInterval(Snapshots.Of(Snapshots.Counter(BuiltinMetrics.HttpReqs, 3, ("name", "a"))), default);
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("", before);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE stampede_http_reqs_total counter\nstampede_http_reqs_total{name=\"a\"} 5\n", text);
    }
}

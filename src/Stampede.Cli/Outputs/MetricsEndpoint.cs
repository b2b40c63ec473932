using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Stampede.Cli.Outputs;

/// <summary>Serves a <see cref="PrometheusState"/> for Prometheus to scrape.</summary>
public static class MetricsEndpoint
{
    /// <summary>Maps <c>GET <paramref name="pattern"/></c> to the state in the text exposition format 0.0.4.</summary>
    /// <param name="app">The routes to add to.</param>
    /// <param name="state">The metrics to serve; fed by the run (it is a sink).</param>
    /// <param name="pattern">The path. Default <c>/metrics</c>.</param>
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder app, PrometheusState state, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(state);
        return app.MapGet(pattern, async (HttpContext context) =>
        {
            // Written to memory under the state's lock, sent after it: a slow scraper never holds up the collector.
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            state.WriteText(text);
            context.Response.ContentType = PrometheusExposition.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
        });
    }
}

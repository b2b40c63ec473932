using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Stampede.DemoTarget.Endpoints;

/// <summary>The route table of the demo target, in one place so docs/demo-target.md can be checked against it.</summary>
internal static class DemoEndpoints
{
    public static void Map(
        IEndpointRouteBuilder routes,
        CryptoEndpoints crypto,
        TimingEndpoints timing,
        LimitedEndpoint limited,
        QueueEndpoint queue,
        WebSocketEchoEndpoint echo)
    {
        routes.MapGet("/", BasicEndpoints.RootAsync);
        routes.MapGet("/health", BasicEndpoints.HealthAsync);
        routes.MapPost("/api/encrypt", crypto.EncryptAsync);
        routes.MapPost("/api/decrypt", crypto.DecryptAsync);
        routes.MapGet("/api/slow", timing.SlowAsync);
        routes.MapGet("/api/stall", timing.StallAsync);
        routes.MapGet("/api/limited", limited.HandleAsync);
        routes.MapGet("/api/queue", queue.HandleAsync);
        routes.MapGet("/api/flaky", BasicEndpoints.FlakyAsync);
        routes.MapGet("/api/items/{id}", BasicEndpoints.ItemAsync);
        routes.MapGet("/api/reset", BasicEndpoints.ResetAsync);
        routes.Map("/ws/echo", echo.HandleAsync);
    }
}

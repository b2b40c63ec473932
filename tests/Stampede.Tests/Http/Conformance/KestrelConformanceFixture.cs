using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Stampede.Tests.Http.Conformance;

/// <summary>One Kestrel <see cref="TestServer"/> for a test class, with the conformance routes under /c/.</summary>
public sealed class KestrelConformanceFixture : IAsyncLifetime
{
    public const int SizedLength = 1000;

    public static readonly string[] ChunkedPieces = ["first piece, ", "second piece, ", "third piece, ", "and the end"];

    private TestServer? _server;

    internal TestServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(extraRoutes: MapRoutes);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static void MapRoutes(WebApplication app)
    {
        var sized = ConformanceClient.Pattern(SizedLength);
        app.MapMethods("/c/sized", ["GET", "HEAD"], async (HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = sized.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(sized, context.RequestAborted);
            }
        });

        // No length and several flushes: Kestrel sends one chunk per flush.
        app.MapGet("/c/chunked", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            foreach (var piece in ChunkedPieces)
            {
                await context.Response.WriteAsync(piece, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });

        app.MapPost("/c/echo", async (HttpContext context) =>
        {
            context.Response.ContentType = context.Request.ContentType ?? "application/octet-stream";
            context.Response.Headers["X-Echo-Header"] = context.Request.Headers["X-Custom"];
            await context.Request.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
        });

        app.MapGet("/c/connection", (HttpContext context) => context.Connection.Id);
    }
}

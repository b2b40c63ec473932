using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stampede.DemoTarget.Hosting;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Cli.Dashboard;

/// <summary>
/// The web dashboard: Kestrel on one address, serving the page and its assets, the live data, the controls, the
/// downloads (results file, HTML report, Locust CSVs) and any extra routes (Prometheus <c>/metrics</c>). Every request
/// passes <see cref="DashboardAccess"/> first. Dispose to stop.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = false };

    private readonly WebApplication _app;
    private readonly DashboardSession _session;

    private DashboardServer(WebApplication app, DashboardSession session, DashboardAccess access, Uri url)
    {
        _app = app;
        _session = session;
        Access = access;
        Url = url;
    }

    /// <summary>The address the page is at, with <c>?token=…</c> when one is needed.</summary>
    public Uri Url { get; }

    /// <summary>Who may use it.</summary>
    public DashboardAccess Access { get; }

    /// <summary>Starts listening on <paramref name="address"/> (port 0: any free port).</summary>
    /// <exception cref="InvalidInputException">The address is in use or not on this machine.</exception>
    public static async Task<DashboardServer> StartAsync(DashboardAddress address, DashboardSession session,
        Action<IEndpointRouteBuilder>? extraRoutes = null, DashboardAccess? access = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(session);
        access ??= DashboardAccess.For(address);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "stampede-dashboard" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Listen(address.Address, address.Port);
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Frame-Options"] = "DENY";
            if (access.Check(context) is { } refusal)
            {
                context.Response.StatusCode = refusal.Status;
                headers.CacheControl = "no-store";
                await Text(context, refusal.Message);
                return;
            }

            await next(context);
        });
        app.UseRouting();
        Map(app, session);
        extraRoutes?.Invoke(app);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidInputException($"cannot start the dashboard on {address}: {ex.Message} (is the port in use? pick another, e.g. --dashboard 127.0.0.1:5666)", ex);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidInputException($"cannot start the dashboard on {address}: {ex.Message}", ex);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var url = new UriBuilder(bound) { Path = "/" };
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            // Bound to every address: print one a browser on another machine can use.
            url.Host = System.Net.Dns.GetHostName();
        }

        if (access.Token is { } token)
        {
            url.Query = $"{DashboardAccess.TokenParameter}={token}";
        }

        return new DashboardServer(app, session, access, url.Uri);
    }

    /// <summary>Stops any test the page started, then the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _session.ShutdownAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, DashboardSession session)
    {
        app.MapGet("/", context => Asset(context, DashboardAssets.Page));
        app.MapGet("/assets/{name}", context =>
            DashboardAssets.Find((string)context.Request.RouteValues["name"]!) is { } asset ? Asset(context, asset) : NotFound(context));
        app.MapGet("/api/live", context =>
        {
            var from = int.TryParse(context.Request.Query["from"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            return Json(context, json => DashboardLive.Write(json, session, from));
        });
        app.MapPost("/api/start", context => Command(context, body => session.Start(DashboardRequests.Start(body))));
        app.MapPost("/api/change", context => Command(context, body => session.Change(DashboardRequests.Change(body))));
        app.MapPost("/api/stop", context => Command(context, _ => session.Stop()));
        app.MapPost("/api/reset", context => Command(context, _ => session.Reset()));
        app.MapGet("/download/{file}", context => Download(context, session, (string)context.Request.RouteValues["file"]!));
    }

    // Commands take a JSON body only: a cross-site form cannot send one without a CORS preflight, which is never granted.
    private static async Task Command(HttpContext context, Action<JsonElement> act)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await Text(context, "send the command as JSON (Content-Type: application/json)");
            return;
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            act(body.RootElement);
        }
        catch (JsonException ex)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Text(context, $"the body is not JSON: {ex.Message}");
            return;
        }
        catch (DashboardRequestException ex)
        {
            context.Response.StatusCode = ex.Status;
            await Text(context, ex.Message);
            return;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Text(context, ex.Message.Split(Environment.NewLine)[0]);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Download(HttpContext context, DashboardSession session, string file)
    {
        context.Response.Headers.CacheControl = "no-store";
        var result = session.Result();
        if (result is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await Text(context, "no test has run yet: start one first");
            return;
        }

        var stamp = result.Run.Started.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        (string Type, string Name, Action<TextWriter> Write)? download = file switch
        {
            "results.json" => ("application/json", $"stampede-{stamp}.json", w => w.Write(ResultsFile.Serialize(result))),
            "report.html" => ("text/html", $"stampede-{stamp}.html", w => HtmlReport.Write(result, w)),
            "stats.csv" => ("text/csv", $"stampede-{stamp}_stats.csv", w => LocustCsvReport.WriteStats(result, w)),
            "stats_history.csv" => ("text/csv", $"stampede-{stamp}_stats_history.csv", w => LocustCsvReport.WriteHistory(result, w)),
            "failures.csv" => ("text/csv", $"stampede-{stamp}_failures.csv", w => LocustCsvReport.WriteFailures(result, w)),
            _ => null,
        };
        if (download is not { } d)
        {
            await NotFound(context);
            return;
        }

        // Rendered in memory first: a report that fails must not leave a half-written download behind a 200.
        var text = new StringWriter(CultureInfo.InvariantCulture);
        d.Write(text);
        context.Response.ContentType = d.Type + "; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{d.Name}\"";
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private static async Task Json(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            write(json);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private static async Task Asset(HttpContext context, DashboardAsset asset)
    {
        context.Response.ContentType = asset.ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ContentSecurityPolicy = DashboardAssets.ContentSecurityPolicy;
        await context.Response.Body.WriteAsync(asset.Bytes, context.RequestAborted);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Text(context, "not found");
    }

    private static Task Text(HttpContext context, string message)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", Encoding.UTF8, context.RequestAborted);
    }
}

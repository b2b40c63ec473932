using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stampede.Tests.Http;

/// <summary>An in-process Kestrel server on 127.0.0.1 and a free port.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Starts a server with the standard test routes.</summary>
    public static async Task<TestServer> StartAsync(HttpProtocols protocols = HttpProtocols.Http1,
        X509Certificate2? serverCertificate = null, bool requireClientCertificate = false,
        Action<WebApplication>? extraRoutes = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            if (serverCertificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
                    // The test CA is not in the system store; accept what the test sends and check it in the route.
                    ClientCertificateValidation = (_, _, _) => true,
                });
            }
        }));
        var app = builder.Build();
        MapRoutes(app);
        extraRoutes?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return new TestServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void MapRoutes(WebApplication app)
    {
        app.MapGet("/hello", () => "hello");
        app.MapGet("/protocol", (HttpContext context) => context.Request.Protocol);
        app.MapGet("/status/{code:int}", (int code) => Microsoft.AspNetCore.Http.Results.StatusCode(code));
        app.MapGet("/bytes/{count:int}", (int count) => Microsoft.AspNetCore.Http.Results.Bytes(new byte[count], "application/octet-stream"));
        app.MapGet("/delay/{ms:int}", async (int ms, HttpContext context) =>
        {
            await Task.Delay(ms, context.RequestAborted);
            return "late";
        });
        app.MapGet("/client-cert", (HttpContext context) => context.Connection.ClientCertificate?.Subject ?? "none");
        app.MapPost("/echo", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var header = context.Request.Headers["X-Test"].ToString();
            return $"{context.Request.Method} {context.Request.ContentType} {header} {body.Length}";
        });

        // For scenario flows: bodies to check and extract from, cookies, and echoes of what was sent.
        app.MapGet("/json", () => Microsoft.AspNetCore.Http.Results.Text(
            "{\"token\":\"abc\",\"count\":2,\"items\":[{\"id\":1,\"sku\":\"x\"},{\"id\":2,\"sku\":\"y\"}]}", "application/json"));
        app.MapGet("/cookies/set/{name}/{value}", (string name, string value, HttpContext context) =>
        {
            context.Response.Headers.Append("Set-Cookie", $"{name}={value}; Path=/");
            return "set";
        });
        app.MapGet("/cookies", (HttpContext context) => "cookies:" + context.Request.Headers.Cookie.ToString());
        app.MapGet("/header/{name}", (string name, HttpContext context) => context.Request.Headers[name].ToString());
        app.MapGet("/query", (HttpContext context) => context.Request.QueryString.Value ?? "");
        app.MapPost("/body", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            return context.Request.ContentType + "|" + await reader.ReadToEndAsync(context.RequestAborted);
        });
    }
}

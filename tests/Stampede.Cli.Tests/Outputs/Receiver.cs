using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>A local HTTP server on 127.0.0.1 that answers each request with the next status of a script.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Body)> _script;
    private readonly Channel<(string Path, byte[] Body)> _requests = Channel.CreateUnbounded<(string, byte[])>();

    private Receiver(WebApplication app, IEnumerable<(int, string)> script)
    {
        _app = app;
        _script = new(script);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public int Received { get; private set; }

    /// <summary>Starts a server; once the script is used up it answers 204. A negative status never answers.</summary>
    public static async Task<Receiver> StartAsync(params (int Status, string Body)[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app, script);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Received++;
            await receiver._requests.Writer.WriteAsync((context.Request.Path + context.Request.QueryString, body.ToArray()));
            var (status, text) = receiver._script.TryDequeue(out var next) ? next : (204, "");
            if (status < 0)
            {
                // Never answers: the client's timeout has to end the request.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            context.Response.StatusCode = status;
            if (text.Length > 0)
            {
                await context.Response.WriteAsync(text);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.BaseUrl = new Uri(address);
        return receiver;
    }

    /// <summary>The next request the server received (waits for it, up to 10 s).</summary>
    public async Task<(string Path, byte[] Body)> NextAsync() =>
        await _requests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stampede.DemoTarget.Json;
using Stampede.DemoTarget.Timing;

namespace Stampede.DemoTarget.Endpoints;

/// <summary>
/// <c>GET /api/queue?ms=M&amp;workers=W</c>: a service with a deliberate knee. Requests with the same W share W
/// workers; each holds one for M ms and requests beyond W wait in arrival order (<see cref="WorkerQueue"/>), so
/// throughput caps at W × 1000 / M per second and, past W concurrent clients, latency grows with the line.
/// </summary>
/// <param name="timer">Ends each service time precisely (the timer <c>/api/slow</c> uses).</param>
internal sealed class QueueEndpoint(PreciseTimer timer)
{
    public const int MaxMilliseconds = 60_000;
    public const int MaxWorkers = 1_000;

    /// <summary>Requests that may wait in one pool; more are answered 503 at once, so a runaway test cannot pile up memory.</summary>
    public const int MaxWaiting = 10_000;

    private static readonly byte[] Usage = Responses.Error(
        $"ms must be an integer from 0 to {MaxMilliseconds} and workers an integer from 1 to {MaxWorkers}, e.g. /api/queue?ms=20&workers=8");

    private static readonly byte[] Full = Responses.Error($"queue full: {MaxWaiting} requests already wait for a worker");

    private readonly ConcurrentDictionary<int, WorkerQueue> _pools = new();

    public async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        if (!QueryParameters.TryReadInt32(context.Request, "ms", null, 0, MaxMilliseconds, out var milliseconds)
            || !QueryParameters.TryReadInt32(context.Request, "workers", null, 1, MaxWorkers, out var workers))
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status400BadRequest, Usage).ConfigureAwait(false);
            return;
        }

        var pool = _pools.GetOrAdd(workers, static w => new WorkerQueue(w, MaxWaiting));
        if (!pool.TryTake(arrived, milliseconds * Stopwatch.Frequency / 1000, out var turn))
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status503ServiceUnavailable, Full).ConfigureAwait(false);
            return;
        }

        if (!await timer.WaitUntilAsync(turn.End, context.RequestAborted).ConfigureAwait(false))
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status503ServiceUnavailable, Responses.Stopping).ConfigureAwait(false);
            return;
        }

        var queuedMs = Math.Round((turn.Start - arrived) * 1000.0 / Stopwatch.Frequency, 3);
        var body = JsonSerializer.SerializeToUtf8Bytes(new QueueResponse("ok", turn.Ticket, queuedMs), DemoJsonContext.Default.QueueResponse);
        await Responses.WriteJsonAsync(context.Response, StatusCodes.Status200OK, body).ConfigureAwait(false);
    }
}

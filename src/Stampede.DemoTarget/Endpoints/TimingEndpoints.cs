using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Stampede.DemoTarget.Timing;

namespace Stampede.DemoTarget.Endpoints;

/// <summary><c>/api/slow</c> and <c>/api/stall</c>: answers held back to a precise moment.</summary>
/// <param name="timer">Completes the waits; see <see cref="PreciseTimer"/> for the measured precision.</param>
/// <param name="origin">Stopwatch timestamp of server start: stall windows are counted from it.</param>
internal sealed class TimingEndpoints(PreciseTimer timer, long origin)
{
    public const int MaxSlowMilliseconds = 60_000;
    public const int MaxStallPeriodMilliseconds = 3_600_000;

    private static readonly byte[] SlowUsage = Responses.Error("ms must be an integer from 0 to 60000");
    private static readonly byte[] StallUsage = Responses.Error(
        "period must be an integer from 1 to 3600000 and pause an integer from 0 to period (milliseconds)");

    public async Task SlowAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        if (!QueryParameters.TryReadInt32(context.Request, "ms", null, 0, MaxSlowMilliseconds, out var milliseconds))
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status400BadRequest, SlowUsage).ConfigureAwait(false);
            return;
        }

        await WaitAndAnswerAsync(context, arrived + ToTicks(milliseconds)).ConfigureAwait(false);
    }

    public async Task StallAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        if (!QueryParameters.TryReadInt32(context.Request, "period", 5000, 1, MaxStallPeriodMilliseconds, out var period)
            || !QueryParameters.TryReadInt32(context.Request, "pause", 1000, 0, MaxStallPeriodMilliseconds, out var pause)
            || pause > period)
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status400BadRequest, StallUsage).ConfigureAwait(false);
            return;
        }

        var releaseAt = StallSchedule.ReleaseAt(arrived, origin, ToTicks(period), ToTicks(pause));
        await WaitAndAnswerAsync(context, releaseAt).ConfigureAwait(false);
    }

    private async Task WaitAndAnswerAsync(HttpContext context, long deadline)
    {
        var elapsed = await timer.WaitUntilAsync(deadline, context.RequestAborted).ConfigureAwait(false);
        // Not elapsed means the client left (nobody reads the answer) or the server is stopping.
        var (status, body) = elapsed
            ? (StatusCodes.Status200OK, Responses.Ok)
            : (StatusCodes.Status503ServiceUnavailable, Responses.Stopping);
        await Responses.WriteJsonAsync(context.Response, status, body).ConfigureAwait(false);
    }

    private static long ToTicks(int milliseconds) => milliseconds * Stopwatch.Frequency / 1000;
}

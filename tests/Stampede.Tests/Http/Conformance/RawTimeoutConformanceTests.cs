using System.Diagnostics;
using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Tests.Http.Conformance;

[Collection(TimingSensitive.Name)]
public sealed class RawTimeoutConformanceTests
{
    [Theory]
    [InlineData(HttpTransportKind.Handler)]
    [InlineData(HttpTransportKind.Fast)]
    public async Task ServerNeverResponds_TimeoutThenTransportUsable(HttpTransportKind kind)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = RawHttpServer.Serve(async (_, _, cancellationToken) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return false;
        });
        using var client = ConformanceClient.Create(kind);

        var started = Stopwatch.GetTimestamp();
        var exchange = await client.GetAsync(server.Url("/hang"), timeout: TimeSpan.FromMilliseconds(200));
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.True(arrived.Task.IsCompleted, "the request reached the server before the timeout");
        ConformanceClient.AssertFailure(exchange, ErrorKind.Timeout, 0);
        Assert.Equal("request timed out after 200ms", exchange.ErrorMessage);
        // .NET timers run on the coarse monotonic clock (CLOCK_MONOTONIC_COARSE, one kernel tick of
        // resolution), so a timeout can fire a tick or two early: 182 ms was seen for 200 ms under load.
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        Assert.True(exchange.BytesSent > 0);
        Assert.Equal(0, exchange.BytesReceived);

        // The connection still has a request in flight, so it must not be reused.
        await client.AssertNextRequestSucceedsAsync(server, connections: 2);
    }
}

using System.Diagnostics;
using Stampede.DemoTarget.Timing;

namespace Stampede.DemoTarget.Tests.Timing;

[Collection(TestSupport.TimingTests.Name)]
public class PreciseTimerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WaitUntilAsync_FutureDeadline_CompletesNotBeforeIt()
    {
        using var timer = new PreciseTimer();
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 50);

        var elapsed = await timer.WaitUntilAsync(deadline, CancellationToken.None).WaitAsync(Timeout);

        Assert.True(elapsed);
        Assert.True(Stopwatch.GetTimestamp() >= deadline);
    }

    [Fact]
    public async Task WaitUntilAsync_PastDeadline_CompletesSynchronously()
    {
        using var timer = new PreciseTimer();

        var wait = timer.WaitUntilAsync(Stopwatch.GetTimestamp() - 1, CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
    }

    [Fact]
    public async Task WaitUntilAsync_DeadlinesOutOfOrder_EachCompletesAtOrAfterItsOwn()
    {
        using var timer = new PreciseTimer();
        var start = Stopwatch.GetTimestamp();
        long[] offsetsMs = [30, 10, 20, 5, 25];
        var waits = offsetsMs.Select(async offset =>
        {
            var deadline = start + (offset * Stopwatch.Frequency / 1000);
            await timer.WaitUntilAsync(deadline, CancellationToken.None);
            return (deadline, completed: Stopwatch.GetTimestamp());
        }).ToArray();

        var results = await Task.WhenAll(waits).WaitAsync(Timeout);

        Assert.All(results, r => Assert.True(r.completed >= r.deadline));
    }

    [Fact]
    public async Task WaitUntilAsync_Cancelled_ReturnsFalse()
    {
        using var timer = new PreciseTimer();
        using var cancellation = new CancellationTokenSource();
        var wait = timer.WaitUntilAsync(Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency), cancellation.Token);

        await cancellation.CancelAsync();

        Assert.False(await wait.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Dispose_PendingWait_ReleasedWithFalse()
    {
        var timer = new PreciseTimer();
        var wait = timer.WaitUntilAsync(Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency), CancellationToken.None);

        timer.Dispose();

        Assert.False(await wait.WaitAsync(Timeout));
    }

    [Fact]
    public async Task WaitUntilAsync_AfterDispose_ReturnsFalse()
    {
        var timer = new PreciseTimer();
        timer.Dispose();

        var elapsed = await timer.WaitUntilAsync(Stopwatch.GetTimestamp() + Stopwatch.Frequency, CancellationToken.None).WaitAsync(Timeout);

        Assert.False(elapsed);
    }
}

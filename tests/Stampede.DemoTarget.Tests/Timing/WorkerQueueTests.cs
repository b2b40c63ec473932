using Stampede.DemoTarget.Timing;

namespace Stampede.DemoTarget.Tests.Timing;

public class WorkerQueueTests
{
    [Fact]
    public void TryTake_MoreRequestsThanWorkers_ExtraOnesStartWhenAWorkerComesFreeInArrivalOrder()
    {
        var queue = new WorkerQueue(workers: 2, maxWaiting: 100);

        var turns = Enumerable.Range(0, 5).Select(i => Take(queue, now: i, service: 10)).ToList();

        Assert.Equal([1L, 2, 3, 4, 5], turns.Select(t => t.Ticket));
        Assert.Equal([0L, 1, 10, 11, 20], turns.Select(t => t.Start));
        Assert.Equal([10L, 11, 20, 21, 30], turns.Select(t => t.End));
        Assert.Equal([false, false, true, true, true], turns.Select(t => t.Waited));
    }

    [Fact]
    public void TryTake_AfterTheLineDrained_StartsAtOnce()
    {
        var queue = new WorkerQueue(workers: 1, maxWaiting: 100);
        Take(queue, now: 0, service: 10);
        Take(queue, now: 0, service: 10);

        var late = Take(queue, now: 50, service: 10);

        Assert.Equal((50L, 60L, false), (late.Start, late.End, late.Waited));
    }

    [Fact]
    public void TryTake_LineAtItsLimit_RefusedUntilAWaitingRequestStarts()
    {
        var queue = new WorkerQueue(workers: 1, maxWaiting: 2);
        Take(queue, now: 0, service: 10);
        Take(queue, now: 0, service: 10);
        Take(queue, now: 0, service: 10);

        Assert.False(queue.TryTake(0, 10, out _));
        // At 10 the second request has its worker: one place in the line is free again.
        Assert.True(queue.TryTake(10, 10, out var turn));
        Assert.Equal(30, turn.Start);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, -1)]
    public void Constructor_OutOfRange_Throws(int workers, int maxWaiting) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerQueue(workers, maxWaiting));

    private static WorkerQueue.Turn Take(WorkerQueue queue, long now, long service)
    {
        Assert.True(queue.TryTake(now, service, out var turn));
        return turn;
    }
}

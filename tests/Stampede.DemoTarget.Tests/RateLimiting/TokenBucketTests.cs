using Microsoft.Extensions.Time.Testing;
using Stampede.DemoTarget.RateLimiting;

namespace Stampede.DemoTarget.Tests.RateLimiting;

public class TokenBucketTests
{
    [Fact]
    public void TryAcquire_BurstUsedUp_RefusesWithRetryAfterOneSecond()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 3, new FakeTimeProvider());

        Assert.True(bucket.TryAcquire(out _));
        Assert.True(bucket.TryAcquire(out _));
        Assert.True(bucket.TryAcquire(out _));
        Assert.False(bucket.TryAcquire(out var retryAfter));
        Assert.Equal(1, retryAfter);
    }

    [Fact]
    public void TryAcquire_OneIntervalLater_AllowsExactlyOneMore()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 2, time);
        Assert.True(bucket.TryAcquire(out _));
        Assert.True(bucket.TryAcquire(out _));
        Assert.False(bucket.TryAcquire(out _));

        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(bucket.TryAcquire(out _));
        Assert.False(bucket.TryAcquire(out _));
    }

    [Fact]
    public void TryAcquire_LongIdle_AllowsNoMoreThanBurst()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(ratePerSecond: 100, burst: 5, time);

        time.Advance(TimeSpan.FromHours(1));
        var granted = 0;
        while (bucket.TryAcquire(out _))
        {
            granted++;
        }

        Assert.Equal(5, granted);
    }

    [Fact]
    public void TryAcquire_SteadyRate_GrantsRateTimesSecondsPlusBurst()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(ratePerSecond: 50, burst: 10, time);
        var granted = 0;

        for (var ms = 0; ms < 2000; ms++)
        {
            while (bucket.TryAcquire(out _))
            {
                granted++;
            }

            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // 10 at once, then 50 per second for 2 s (the refill at exactly 2 s is not counted).
        Assert.InRange(granted, 109, 110);
    }

    [Fact]
    public async Task TryAcquire_ManyThreadsAtOnce_GrantsExactlyBurst()
    {
        var bucket = new TokenBucket(ratePerSecond: 1, burst: 64, new FakeTimeProvider());
        var granted = 0;
        using var start = new Barrier(8);

        // Dedicated threads: a barrier would otherwise block pool threads while the pool slowly grows.
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 10_000; i++)
            {
                if (bucket.TryAcquire(out _))
                {
                    Interlocked.Increment(ref granted);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(64, granted);
    }
}

namespace Stampede.DemoTarget.RateLimiting;

/// <summary>
/// A lock-free token bucket (the generic cell rate algorithm): one <see langword="long"/> holds the time at which
/// the bucket would be full again, advanced with compare-and-swap, so concurrent callers never block.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _timeProvider;
    private readonly long _interval;
    private readonly long _tolerance;
    private long _theoreticalArrival;

    /// <param name="ratePerSecond">Tokens added per second; at least 1.</param>
    /// <param name="burst">Capacity; the bucket starts full.</param>
    /// <param name="timeProvider">Clock; a fake one in tests.</param>
    public TokenBucket(int ratePerSecond, int burst, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _interval = Math.Max(1, timeProvider.TimestampFrequency / ratePerSecond);
        _tolerance = _interval * burst;
        _theoreticalArrival = timeProvider.GetTimestamp();
    }

    /// <summary>
    /// Takes one token. When none is left returns <see langword="false"/> and the whole seconds (at least 1)
    /// until one will be, ready for a <c>Retry-After</c> header.
    /// </summary>
    public bool TryAcquire(out int retryAfterSeconds)
    {
        var now = _timeProvider.GetTimestamp();
        while (true)
        {
            var current = Volatile.Read(ref _theoreticalArrival);
            var next = Math.Max(current, now) + _interval;
            var ahead = next - now;
            if (ahead > _tolerance)
            {
                var frequency = _timeProvider.TimestampFrequency;
                var wait = ahead - _tolerance;
                retryAfterSeconds = (int)Math.Max(1, (wait + frequency - 1) / frequency);
                return false;
            }

            if (Interlocked.CompareExchange(ref _theoreticalArrival, next, current) == current)
            {
                retryAfterSeconds = 0;
                return true;
            }
        }
    }
}

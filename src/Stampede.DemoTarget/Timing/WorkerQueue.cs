namespace Stampede.DemoTarget.Timing;

/// <summary>
/// A fixed number of workers served in arrival order: each request holds a worker for its service time, and a
/// request that finds every worker busy waits for the first one to come free. The pool is kept as the time each
/// worker comes free, so the queue needs no thread of its own and no wake-up adds drift: a waiting request
/// starts exactly when its predecessor's deadline passes, whatever the timer's latency.
/// </summary>
/// <remarks>
/// With service time M ms the pool completes at most <c>workers × 1000 / M</c> requests a second; past
/// <c>workers</c> concurrent clients each one waits in line, so latency grows linearly with the concurrency —
/// a textbook knee. A turn, once taken, is kept even if its client leaves (the work counts as begun).
/// </remarks>
internal sealed class WorkerQueue
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<int, long> _freeAt;
    private readonly int _maxWaiting;
    // Start times of the turns still waiting at the last arrival; starts never decrease in arrival order.
    private readonly Queue<long> _waitingStarts = new();
    private long _tickets;

    /// <param name="workers">How many requests are served at once (at least one).</param>
    /// <param name="maxWaiting">How many requests may wait for a worker; more are refused.</param>
    public WorkerQueue(int workers, int maxWaiting)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWaiting);
        Workers = workers;
        _maxWaiting = maxWaiting;
        _freeAt = new PriorityQueue<int, long>(workers);
        for (var i = 0; i < workers; i++)
        {
            _freeAt.Enqueue(i, long.MinValue);
        }
    }

    /// <summary>Workers in the pool.</summary>
    public int Workers { get; }

    /// <summary>
    /// Takes the next turn for a request that arrived at <paramref name="now"/> and needs the worker for
    /// <paramref name="serviceTicks"/>: its ticket (1, 2, … in arrival order) and when it starts and ends.
    /// False when <paramref name="now"/> would have to wait behind the maximum number of waiting requests.
    /// </summary>
    public bool TryTake(long now, long serviceTicks, out Turn turn)
    {
        lock (_lock)
        {
            while (_waitingStarts.TryPeek(out var waitingStart) && waitingStart <= now)
            {
                _waitingStarts.Dequeue();
            }

            _freeAt.TryPeek(out var worker, out var freeAt);
            var start = Math.Max(now, freeAt);
            if (start > now)
            {
                if (_waitingStarts.Count >= _maxWaiting)
                {
                    turn = default;
                    return false;
                }

                _waitingStarts.Enqueue(start);
            }

            _freeAt.DequeueEnqueue(worker, start + serviceTicks);

            turn = new Turn(++_tickets, start, start + serviceTicks, start > now);
            return true;
        }
    }

    /// <summary>One request's place in the queue.</summary>
    /// <param name="Ticket">Arrival order in this pool, from 1.</param>
    /// <param name="Start">Stopwatch timestamp the request gets its worker.</param>
    /// <param name="End">Stopwatch timestamp its service ends (the answer is sent).</param>
    /// <param name="Waited">True when every worker was busy at arrival.</param>
    public readonly record struct Turn(long Ticket, long Start, long End, bool Waited);
}

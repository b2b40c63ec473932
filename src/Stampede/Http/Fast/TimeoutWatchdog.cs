using System.Diagnostics;

namespace Stampede.Http.Fast;

/// <summary>
/// Enforces request timeouts for every <see cref="Http1Transport"/> of a factory with one timer: each
/// tick fails the requests whose deadline has passed. A request then only writes its deadline, instead
/// of arming and disarming a timer of its own (two locked timer-queue updates and two cancellation
/// registrations per request).
/// </summary>
/// <remarks>
/// Timeouts fire up to one <see cref="Period"/> late. A tick reads one field per transport, so 10,000
/// VUs cost about a millisecond of CPU per second.
/// </remarks>
internal sealed class TimeoutWatchdog : IDisposable
{
    /// <summary>How often deadlines are checked: the precision of timeouts.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    private readonly HashSet<Http1Transport> _transports = [];
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private Http1Transport[] _snapshot = [];
    private bool _changed;
    private int _ticking;

    public TimeoutWatchdog()
    {
        // No execution context: the timer must not keep alive whatever flowed into the code creating it.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = new Timer(static state => ((TimeoutWatchdog)state!).Tick(), this, Period, Period);
        }
    }

    public void Add(Http1Transport transport)
    {
        lock (_gate)
        {
            _transports.Add(transport);
            _changed = true;
        }
    }

    public void Remove(Http1Transport transport)
    {
        lock (_gate)
        {
            _transports.Remove(transport);
            _changed = true;
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        // A slow tick is not overlapped by the next one.
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            var transports = _snapshot;
            lock (_gate)
            {
                if (_changed)
                {
                    _snapshot = transports = [.. _transports];
                    _changed = false;
                }
            }

            var now = Stopwatch.GetTimestamp();
            foreach (var transport in transports)
            {
                transport.CheckDeadline(now);
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}

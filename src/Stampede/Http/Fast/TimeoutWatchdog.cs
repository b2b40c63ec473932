using System.Diagnostics;

namespace Stampede.Http.Fast;

/// <summary>
/// Enforces request timeouts for every <see cref="Http1Transport"/> of a factory with one thread: each
/// tick fails the requests whose deadline has passed. A request then only writes its deadline, instead
/// of arming and disarming a timer of its own (two locked timer-queue updates and two cancellation
/// registrations per request).
/// </summary>
/// <remarks>
/// Timeouts fire up to one <see cref="Period"/> late. A tick reads one field per transport, so 10,000
/// VUs cost about a millisecond of CPU per second. The ticks run on a thread of their own rather than a
/// <see cref="Timer"/>: a timer wakes the timer thread and then a thread-pool worker 100 times a second,
/// and on a generator pinned to one core both compete with the thread doing the I/O.
/// </remarks>
internal sealed class TimeoutWatchdog : IDisposable
{
    /// <summary>How often deadlines are checked: the precision of timeouts.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    private readonly HashSet<Http1Transport> _transports = [];
    private readonly Lock _gate = new();
    private readonly ManualResetEvent _stop = new(false);
    private readonly Thread _thread;
    private Http1Transport[] _snapshot = [];
    private bool _changed;

    public TimeoutWatchdog()
    {
        _thread = new Thread(static state => ((TimeoutWatchdog)state!).Run())
        {
            IsBackground = true,
            Name = "stampede-timeouts",
        };

        // No execution context: the thread must not keep alive whatever flowed into the code creating it.
        _thread.UnsafeStart(this);
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

    public void Dispose()
    {
        _stop.Set();

        // A timed-out request's continuation runs on this thread and may be what disposes the factory:
        // then the loop ends by itself once the tick returns, and must not wait for itself.
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
            _stop.Dispose();
        }
    }

    private void Run()
    {
        // WaitOne with a timeout blocks at once; ManualResetEventSlim would spin first, 100 times a second.
        while (!_stop.WaitOne(Period))
        {
            Tick();
        }
    }

    private void Tick()
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
}

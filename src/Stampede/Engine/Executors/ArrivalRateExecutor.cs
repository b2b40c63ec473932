using System.Collections.Concurrent;

namespace Stampede.Engine.Executors;

/// <summary>
/// constant-arrival-rate and ramping-arrival-rate (open model). A dedicated pacing thread releases
/// iterations at their intended times — never a thread-pool loop, which would starve response
/// handling. Each release takes a free VU, creates one while fewer than maxVUs exist, or else counts a
/// dropped iteration: there is no queue. A constant-arrival-rate scenario is paced through its
/// <see cref="RateControl"/>, so its rate and maxVUs can change while it runs.
/// </summary>
internal sealed class ArrivalRateExecutor : ExecutorRuntime
{
    private readonly ArrivalSchedule? _schedule;
    private readonly RateControl? _control;
    private readonly TimeSpan _duration;
    private readonly int _preAllocated;
    private readonly int _maxVus;
    private readonly ConcurrentQueue<PooledVu> _idle = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _allocated;
    private int _inFlight;
    private volatile bool _pacingDone;
    private CancellationToken _hardStop;

    public ArrivalRateExecutor(ScenarioContext scenario, RunContext run, RateControl? control = null)
        : base(scenario, run)
    {
        _control = control;
        _duration = scenario.Scenario.Executor.MaxDuration;
        switch (scenario.Scenario.Executor)
        {
            case ConstantArrivalRateConfig c:
                _schedule = control is null ? new ArrivalSchedule(c.Rate, c.TimeUnit, c.Duration) : null;
                _preAllocated = c.PreAllocatedVUs;
                _maxVus = Math.Max(c.PreAllocatedVUs, c.MaxVUs);
                break;
            case RampingArrivalRateConfig r:
                _schedule = new ArrivalSchedule(r.StartRate, r.TimeUnit, r.Stages);
                _preAllocated = r.PreAllocatedVUs;
                _maxVus = Math.Max(r.PreAllocatedVUs, r.MaxVUs);
                break;
            default:
                throw new ArgumentException($"{scenario.Scenario.Executor.Name} is not an arrival-rate executor", nameof(scenario));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken durationEnd, CancellationToken hardStop)
    {
        _hardStop = hardStop;
        for (var i = 0; i < _preAllocated; i++)
        {
            _idle.Enqueue(Allocate());
        }

        await RunOnDedicatedThread($"stampede-pacer-{Scenario.Scenario.Name}", () => Pace(hardStop)).ConfigureAwait(false);

        _pacingDone = true;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }

        await _drained.Task.ConfigureAwait(false);
    }

    // The schedule itself ends at the scenario's duration; waiting on the hard stop (not the duration's
    // end) means a pacer that fell behind still releases every iteration that was due, late and with
    // its lag recorded, instead of silently skipping them. A stop ends the schedule where it happened.
    private void Pace(CancellationToken hardStop)
    {
        PreciseWait.TuneCurrentThread();
        using var wait = new PreciseWait(Time);
        using var stopOrHard = CancellationTokenSource.CreateLinkedTokenSource(hardStop, StopRequested);
        var start = Time.GetTimestamp();
        var frequency = Time.TimestampFrequency;
        var end = start + (long)Math.Round(_duration.TotalSeconds * frequency);
        var look = (long)(RateControl.LookInterval.TotalSeconds * frequency);
        _control?.Begin(start);
        for (long n = 0; ; n++)
        {
            long intended;
            if (_schedule is not null)
            {
                if (!_schedule.TryGetOffset(n, out var offset))
                {
                    return;
                }

                intended = start + (long)(offset.Ticks * (frequency / (double)TimeSpan.TicksPerSecond));
            }
            else
            {
                // Re-read the control at least every look: a new rate re-anchors the schedule where it was set.
                while (true)
                {
                    var now = Time.GetTimestamp();
                    var last = Math.Min(end, StopTimestamp);
                    if (_control!.Current.TryGetDue(n, frequency, out var at) && at < last && at - now <= look)
                    {
                        intended = at;
                        break;
                    }

                    // Not due within a look (or not at all while the rate is 0): a later change may still bring it forward.
                    if (now >= last || !Wait(wait, Math.Min(now + look, last), stopOrHard.Token, hardStop))
                    {
                        return;
                    }
                }
            }

            if (intended >= StopTimestamp || !Wait(wait, intended, stopOrHard.Token, hardStop) || intended >= StopTimestamp)
            {
                return;
            }

            Release(n, intended);
        }
    }

    // Waits until the timestamp; false when the hard stop came first. A stop wakes the wait early (true), after which
    // only the hard stop can end a wait, so iterations due before the stop are still released.
    private bool Wait(PreciseWait wait, long timestamp, CancellationToken stopOrHard, CancellationToken hardStop)
    {
        if (StopRequested.IsCancellationRequested)
        {
            return wait.Until(timestamp, hardStop);
        }

        return wait.Until(timestamp, stopOrHard) || !hardStop.IsCancellationRequested;
    }

    private void Release(long n, long intended)
    {
        if (!_idle.TryDequeue(out var vu))
        {
            if (_allocated >= (_control?.MaxVus ?? _maxVus))
            {
                Recorder.RecordDropped(Scenario.SeriesId);
                Run.PacerProgress?.Invoke(Scenario.Scenario.Name, n + 1);
                return;
            }

            vu = Allocate();
        }

        vu.Intended = intended;
        Interlocked.Increment(ref _inFlight);
        ThreadPool.UnsafeQueueUserWorkItem(vu, preferLocal: false);
        Run.PacerProgress?.Invoke(Scenario.Scenario.Name, n + 1);
    }

    private PooledVu Allocate()
    {
        _allocated++;
        return new PooledVu(this, NewVu());
    }

    private async Task RunAsync(PooledVu pooled)
    {
        VuStarted();
        try
        {
            var lag = Time.GetTimestamp() - pooled.Intended;
            Recorder.RecordSchedulingLag(lag < 0 ? 0 : lag);
            await IterateAsync(pooled.Vu, pooled.Intended, _hardStop).ConfigureAwait(false);
        }
        finally
        {
            VuStopped();
            _idle.Enqueue(pooled);
            if (Interlocked.Decrement(ref _inFlight) == 0 && _pacingDone)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>A VU plus the intended start of its next iteration; queued to the thread pool without allocating.</summary>
    private sealed class PooledVu(ArrivalRateExecutor owner, VirtualUser vu) : IThreadPoolWorkItem
    {
        public VirtualUser Vu { get; } = vu;

        public long Intended { get; set; }

        public void Execute() => _ = owner.RunAsync(this);
    }
}

using System.Collections.Concurrent;

namespace Stampede.Engine.Executors;

/// <summary>
/// constant-arrival-rate and ramping-arrival-rate (open model). A dedicated pacing thread releases
/// iterations at their intended times — never a thread-pool loop, which would starve response
/// handling. Each release takes a free VU, creates one while fewer than maxVUs exist, or else counts a
/// dropped iteration: there is no queue.
/// </summary>
internal sealed class ArrivalRateExecutor : ExecutorRuntime
{
    private readonly ArrivalSchedule _schedule;
    private readonly int _preAllocated;
    private readonly int _maxVus;
    private readonly ConcurrentQueue<PooledVu> _idle = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _allocated;
    private int _inFlight;
    private volatile bool _pacingDone;
    private CancellationToken _hardStop;

    public ArrivalRateExecutor(ScenarioContext scenario, RunContext run)
        : base(scenario, run)
    {
        switch (scenario.Scenario.Executor)
        {
            case ConstantArrivalRateConfig c:
                _schedule = new ArrivalSchedule(c.Rate, c.TimeUnit, c.Duration);
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
    // its lag recorded, instead of silently skipping them.
    private void Pace(CancellationToken hardStop)
    {
        PreciseWait.TuneCurrentThread();
        using var wait = new PreciseWait(Time);
        var start = Time.GetTimestamp();
        var ticksPerSecond = Time.TimestampFrequency;
        for (long n = 0; _schedule.TryGetOffset(n, out var offset); n++)
        {
            var intended = start + (long)(offset.Ticks * (ticksPerSecond / (double)TimeSpan.TicksPerSecond));
            if (!wait.Until(intended, hardStop))
            {
                return;
            }

            if (!_idle.TryDequeue(out var vu))
            {
                if (_allocated >= _maxVus)
                {
                    Recorder.RecordDropped(Scenario.SeriesId);
                    Run.PacerProgress?.Invoke(Scenario.Scenario.Name, n + 1);
                    continue;
                }

                vu = Allocate();
            }

            vu.Intended = intended;
            Interlocked.Increment(ref _inFlight);
            ThreadPool.UnsafeQueueUserWorkItem(vu, preferLocal: false);
            Run.PacerProgress?.Invoke(Scenario.Scenario.Name, n + 1);
        }
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

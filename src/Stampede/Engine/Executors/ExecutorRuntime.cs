using System.Runtime.CompilerServices;
using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Engine.Executors;

/// <summary>
/// The runtime of one scenario's executor. Owns the scenario's VUs and its two deadlines: the end of
/// its duration (no new iterations) and, <c>gracefulStop</c> later, the hard stop (in-flight iterations
/// are cancelled and their requests counted as in flight at stop).
/// </summary>
internal abstract class ExecutorRuntime
{
    private readonly List<VirtualUser> _vus = [];
    private readonly Lock _vusGate = new();
    private readonly Lock _stopGate = new();
    private int _active;
    private long _stopTimestamp = long.MaxValue;
    private bool _stopAsked;
    private long _started;
    private CancellationTokenSource? _durationEnd;
    private CancellationTokenSource? _stopRequested;
    private ITimer? _hardTimer;

    protected ExecutorRuntime(ScenarioContext scenario, RunContext run)
    {
        Scenario = scenario;
        Run = run;
    }

    public ScenarioContext Scenario { get; }

    protected RunContext Run { get; }

    protected TimeProvider Time => Run.Time;

    protected MetricsRecorder Recorder => Run.Recorder;

    /// <summary>Cancelled when <see cref="Stop"/> ends the scenario early (not when its duration ends by itself).</summary>
    protected CancellationToken StopRequested => _stopRequested?.Token ?? CancellationToken.None;

    /// <summary>When <see cref="Stop"/> ended the scenario (a timestamp); <see cref="long.MaxValue"/> until then.</summary>
    protected long StopTimestamp => Volatile.Read(ref _stopTimestamp);

    /// <summary>VUs running an iteration (arrival rate) or looping (closed model) right now.</summary>
    public int ActiveVus => Volatile.Read(ref _active);

    /// <summary>VUs created so far.</summary>
    public int AllocatedVus
    {
        get
        {
            lock (_vusGate)
            {
                return _vus.Count;
            }
        }
    }

    /// <summary>
    /// Runs the scenario from now (its start time has already passed) until its last iteration has
    /// ended. <paramref name="interrupt"/> stops everything at once (Ctrl+C, abort).
    /// </summary>
    public async Task RunAsync(CancellationToken interrupt)
    {
        var executor = Scenario.Scenario.Executor;
        using var durationEnd = new CancellationTokenSource();
        using var hardStop = new CancellationTokenSource();
        using var stopRequested = new CancellationTokenSource();

        // On an interrupt, "no new iterations" must be visible before in-flight requests are cancelled:
        // a cancelled request completes inline, and its VU would otherwise start another one at once.
        using var onInterrupt = interrupt.UnsafeRegister(static state =>
        {
            var (end, hard) = ((CancellationTokenSource, CancellationTokenSource))state!;
            CancelQuietly(end);
            CancelQuietly(hard);
        }, (durationEnd, hardStop));
        using var durationTimer = Time.CreateTimer(CancelQuietly, durationEnd, executor.MaxDuration, Timeout.InfiniteTimeSpan);
        using var hardTimer = Time.CreateTimer(CancelQuietly, hardStop, executor.MaxDuration + executor.GracefulStop, Timeout.InfiniteTimeSpan);
        lock (_stopGate)
        {
            _started = Time.GetTimestamp();
            _durationEnd = durationEnd;
            _stopRequested = stopRequested;
            _hardTimer = hardTimer;
            if (_stopAsked)
            {
                ApplyStop();
            }
        }

        try
        {
            await ExecuteAsync(durationEnd.Token, hardStop.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (_stopGate)
            {
                _durationEnd = null;
                _hardTimer = null;
            }

            lock (_vusGate)
            {
                foreach (var vu in _vus)
                {
                    vu.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Ends the scenario now as if its duration had ended: no new iterations, and in-flight ones get
    /// <c>gracefulStop</c> to finish before they are cancelled. Before <see cref="RunAsync"/> it makes the scenario
    /// end as soon as it starts; after the scenario ended it does nothing. Idempotent and thread-safe.
    /// </summary>
    public void Stop()
    {
        lock (_stopGate)
        {
            if (_stopAsked)
            {
                return;
            }

            _stopAsked = true;
            if (_durationEnd is not null)
            {
                ApplyStop();
            }
        }
    }

    // Under _stopGate, while the scenario runs. The stop time is published before the token fires, so a pacer woken
    // by it sees where its schedule now ends.
    private void ApplyStop()
    {
        var now = Time.GetTimestamp();
        Volatile.Write(ref _stopTimestamp, now);
        CancelQuietly(_stopRequested!);
        CancelQuietly(_durationEnd);
        var executor = Scenario.Scenario.Executor;
        if (Time.GetElapsedTime(_started, now) < executor.MaxDuration)
        {
            // The hard stop moves to gracefulStop from now; past the duration's end it is already that close.
            _hardTimer!.Change(executor.GracefulStop, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Schedules iterations until <paramref name="durationEnd"/>; cancels them at <paramref name="hardStop"/>.</summary>
    protected abstract Task ExecuteAsync(CancellationToken durationEnd, CancellationToken hardStop);

    protected VirtualUser NewVu()
    {
        var vu = new VirtualUser(Run.NextVuId(), Scenario, Run.Transports);
        lock (_vusGate)
        {
            _vus.Add(vu);
        }

        return vu;
    }

    protected void VuStarted() => Interlocked.Increment(ref _active);

    protected void VuStopped() => Interlocked.Decrement(ref _active);

    /// <summary>
    /// Runs one iteration and records it. Never throws: a body that throws is recorded as an error,
    /// and one cut off by <paramref name="hardStop"/> is recorded as interrupted.
    /// </summary>
    protected ValueTask IterateAsync(VirtualUser vu, long intendedStart, CancellationToken hardStop) =>
        IterateAsync(vu, intendedStart, null, hardStop);

    /// <summary>
    /// Runs iterations on <paramref name="vu"/> back to back for as long as <paramref name="keepGoing"/>
    /// says (checked before each) and the hard stop has not come: a closed-model VU's whole life, in one
    /// state machine rather than one awaited per iteration.
    /// </summary>
    protected ValueTask LoopAsync(VirtualUser vu, Func<bool> keepGoing, CancellationToken hardStop) =>
        IterateAsync(vu, 0, keepGoing, hardStop);

    // One iteration when keepGoing is null (the open model: the pacer releases each one at its intended
    // start), else a loop, each iteration measured from its actual start.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask IterateAsync(VirtualUser vu, long intendedStart, Func<bool>? keepGoing, CancellationToken hardStop)
    {
        var open = Scenario.OpenModel;
        var body = Scenario.Scenario.Body;

        // A flow of one request (every `attack`) is sent from here: awaiting the transport directly saves
        // a state machine per iteration, which measured as several per cent of a saturated generator's CPU.
        var single = body is HttpFlow { Requests: [var only] } ? only : null;
        while (keepGoing is null || (!hardStop.IsCancellationRequested && !vu.Retired && keepGoing()))
        {
            if (vu.Retired)
            {
                // The open model: a VU whose data ran out cannot serve the iteration it was released for.
                Recorder.RecordDropped(Scenario.SeriesId);
                return;
            }

            var start = Time.GetTimestamp();
            if (keepGoing is not null)
            {
                intendedStart = start;
            }

            vu.BeginIteration(intendedStart, open);
            var interrupted = false;
            try
            {
                if (single is not null)
                {
                    var seriesId = HttpSteps.Begin(vu, single);
                    var exchange = await vu.Http.SendAsync(single, hardStop).ConfigureAwait(false);
                    HttpSteps.Record(vu, single, seriesId, exchange);
                }
                else
                {
                    await body.RunAsync(vu, hardStop).ConfigureAwait(false);
                }

                interrupted = hardStop.IsCancellationRequested;
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                interrupted = true;
            }
#pragma warning disable CA1031 // A failing iteration body is data about the run, not a reason to stop it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Recorder.RecordError(ErrorKind.Other, $"iteration failed: {ex.GetType().Name}: {ex.Message}");
            }

            Recorder.RecordIteration(Scenario.SeriesId, open ? intendedStart : start, Time.GetTimestamp(), interrupted);
            if (keepGoing is null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a dedicated thread of its own and completes when it returns (or
    /// faults with its exception). Schedulers — the arrival-rate pacer, the ramping-vus controller — run
    /// this way so their timing never depends on a free thread-pool thread: VUs busy with responses, or
    /// a host that blocks pool threads, would otherwise delay every release or ramp step.
    /// </summary>
    protected static Task RunOnDedicatedThread(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
#pragma warning disable CA1031 // Surfaced through the task.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
            Priority = ThreadPriority.AboveNormal,
        };

        // No execution context: work the thread hands to the pool (VU loops) must not carry the caller's.
        thread.UnsafeStart();
        return done.Task;
    }

    /// <summary>Cancels a <see cref="CancellationTokenSource"/> passed as timer state, ignoring one already disposed.</summary>
    protected static void CancelQuietly(object? state)
    {
        try
        {
            ((CancellationTokenSource)state!).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The scenario already finished.
        }
    }
}

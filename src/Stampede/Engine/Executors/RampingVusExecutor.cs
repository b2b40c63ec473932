namespace Stampede.Engine.Executors;

/// <summary>
/// ramping-vus and externally-controlled: a controller moves the number of looping VUs to a target, read
/// from the stages or from a <see cref="VuControl"/>. A VU removed by a ramp down finishes its iteration,
/// with <c>gracefulRampDown</c> to do so before it is cancelled.
/// </summary>
internal sealed class RampingVusExecutor : ExecutorRuntime
{
    /// <summary>How often the controller re-reads the target.</summary>
    internal static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly Func<Func<TimeSpan, int>> _target;
    private readonly TimeSpan _gracefulRampDown;

    public RampingVusExecutor(ScenarioContext scenario, RunContext run)
        : base(scenario, run)
    {
        var config = (RampingVusConfig)scenario.Scenario.Executor;
        _target = () => new VuRamp(config.StartVus, config.Stages).VusAt;
        _gracefulRampDown = config.GracefulRampDown;
    }

    public RampingVusExecutor(ScenarioContext scenario, RunContext run, VuControl control)
        : base(scenario, run)
    {
        _target = () =>
        {
            // A spawn rate set before the scenario started ramps from here.
            control.Begin(Time.GetTimestamp());
            return _ => control.Vus;
        };
        _gracefulRampDown = ((ExternallyControlledConfig)scenario.Scenario.Executor).GracefulRampDown;
    }

    protected override async Task ExecuteAsync(CancellationToken durationEnd, CancellationToken hardStop)
    {
        var running = new Stack<Slot>();
        var retired = new List<Slot>();
        var loops = new List<Task>();
        try
        {
            await RunOnDedicatedThread($"stampede-ramp-{Scenario.Scenario.Name}",
                () => Control(running, retired, loops, durationEnd, hardStop)).ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            foreach (var slot in running.Concat(retired))
            {
                slot.Dispose();
            }
        }
    }

    // Re-reads the ramp every tick on the controller's own thread, so steps land on time however busy
    // the thread pool is; ticks are on a fixed grid from the start, not "50 ms after the last one".
    private void Control(Stack<Slot> running, List<Slot> retired, List<Task> loops, CancellationToken durationEnd, CancellationToken hardStop)
    {
        PreciseWait.TuneCurrentThread();
        using var wait = new PreciseWait(Time);
        var target = _target();
        var started = Time.GetTimestamp();
        var tickTicks = (long)(Tick.TotalSeconds * Time.TimestampFrequency);
        for (long n = 1; ; n++)
        {
            var want = target(Time.GetElapsedTime(started));
            while (running.Count < want)
            {
                var slot = new Slot(ReuseOrCreate(retired), durationEnd, hardStop);
                slot.Loop = Task.Run(() => LoopAsync(slot), CancellationToken.None);
                loops.Add(slot.Loop);
                running.Push(slot);
            }

            while (running.Count > want)
            {
                var slot = running.Pop();
                slot.RampDown(Time, _gracefulRampDown);
                retired.Add(slot);
            }

            Run.PacerProgress?.Invoke(Scenario.Scenario.Name, n);
            if (!wait.Until(started + (n * tickTicks), durationEnd))
            {
                return;
            }
        }
    }

    private VirtualUser ReuseOrCreate(List<Slot> retired)
    {
        for (var i = 0; i < retired.Count; i++)
        {
            if (retired[i].Loop is { IsCompleted: true } && !retired[i].Reused)
            {
                retired[i].Reused = true;
                return retired[i].Vu;
            }
        }

        return NewVu();
    }

    private async Task LoopAsync(Slot slot)
    {
        VuStarted();
        try
        {
            await LoopAsync(slot.Vu, () => !slot.Stop.IsCancellationRequested, slot.Hard.Token).ConfigureAwait(false);
        }
        finally
        {
            VuStopped();
        }
    }

    private sealed class Slot : IDisposable
    {
        private readonly CancellationTokenSource _stop;
        private ITimer? _graceTimer;

        public Slot(VirtualUser vu, CancellationToken durationEnd, CancellationToken hardStop)
        {
            Vu = vu;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(durationEnd);
            Hard = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        }

        public VirtualUser Vu { get; }

        public CancellationToken Stop => _stop.Token;

        public CancellationTokenSource Hard { get; }

        public Task? Loop { get; set; }

        public bool Reused { get; set; }

        public void RampDown(TimeProvider time, TimeSpan grace)
        {
            _stop.Cancel();
            _graceTimer = time.CreateTimer(CancelQuietly, Hard, grace, Timeout.InfiniteTimeSpan);
        }

        public void Dispose()
        {
            _graceTimer?.Dispose();
            _stop.Dispose();
            Hard.Dispose();
        }
    }
}

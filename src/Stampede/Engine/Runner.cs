using System.Diagnostics;
using Stampede.Engine.Executors;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Engine;

/// <summary>
/// Runs a <see cref="TestPlan"/>: starts each scenario's executor at its start time, collects metrics
/// once per interval into snapshots for the sinks, and returns the <see cref="RunResult"/>. While it runs it
/// can be steered (<see cref="Control"/>, <see cref="RateControl"/>), looked at (<see cref="Snapshot()"/>,
/// <see cref="Changes"/>) and stopped (<see cref="Stop"/>) from any thread. A runner runs its plan once.
/// </summary>
public sealed class Runner
{
    private const int WarmUpConnections = 4;
    private const int WarmUpRequests = 1000;

    private readonly TestPlan _plan;
    private readonly RunnerOptions _options;
    private readonly Dictionary<string, VuControl> _controls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RateControl> _rateControls = new(StringComparer.Ordinal);
    private readonly LoadChangeLog _changes;
    private readonly Lock _gate = new();
    private ExecutorRuntime[]? _executors;
    private Collector? _collector;
    private RunResult? _result;
    private CancellationTokenSource? _stop;
    private bool _stopAsked;
    private bool _stoppedEarly;
    private bool _started;

    /// <summary>Creates a runner; the plan is validated here.</summary>
    /// <exception cref="InvalidInputException">The plan is invalid; the message lists every problem.</exception>
    public Runner(TestPlan plan, RunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = plan.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidInputException(string.Join(Environment.NewLine, errors));
        }

        _plan = plan;
        _options = options ?? new RunnerOptions();
        _changes = new LoadChangeLog(_options.Time);
        var vuControls = new List<VuControl>();
        var rateControls = new List<RateControl>();
        foreach (var scenario in plan.Scenarios)
        {
            switch (scenario.Executor)
            {
                case ExternallyControlledConfig external:
                    var vus = new VuControl(scenario.Name, external.Vus, external.MaxVus, _changes);
                    _controls[scenario.Name] = vus;
                    vuControls.Add(vus);
                    break;
                case ConstantArrivalRateConfig constant:
                    var rate = new RateControl(scenario.Name, constant.Rate / constant.TimeUnit.TotalSeconds,
                        constant.PreAllocatedVUs, Math.Max(constant.PreAllocatedVUs, constant.MaxVUs), _changes);
                    _rateControls[scenario.Name] = rate;
                    rateControls.Add(rate);
                    break;
            }
        }

        VuControls = vuControls;
        RateControls = rateControls;
    }

    /// <summary>The VU controls of the plan's <c>externally-controlled</c> scenarios, in the plan's order.</summary>
    public IReadOnlyList<VuControl> VuControls { get; }

    /// <summary>The rate controls of the plan's <c>constant-arrival-rate</c> scenarios, in the plan's order.</summary>
    public IReadOnlyList<RateControl> RateControls { get; }

    /// <summary>The load changes made through the controls since the run started, in time order (a copy).</summary>
    public IReadOnlyList<LoadChange> Changes => _changes.ToArray();

    /// <summary>
    /// The control of a <c>constant-arrival-rate</c> scenario, to change its rate or maxVUs before or while the plan runs.
    /// </summary>
    /// <exception cref="ArgumentException">No scenario of that name runs at a constant arrival rate.</exception>
    public RateControl RateControl(string scenario) =>
        _rateControls.TryGetValue(scenario, out var control)
            ? control
            : throw new ArgumentException(_rateControls.Count == 0
                ? $"scenario `{scenario}` has no rate control; only constant-arrival-rate scenarios do, and the plan has none"
                : $"scenario `{scenario}` has no rate control; only constant-arrival-rate scenarios do: {string.Join(", ", _rateControls.Keys)}", nameof(scenario));

    /// <summary>
    /// The run so far, from any thread while it goes: outcome <c>running</c>, duration to the last collected interval,
    /// and totals, series, errors, accounting, generator health and thresholds as of that interval (in-flight requests
    /// count as in flight). After the run it is the final result. Cheap enough for a dashboard's downloads: totals and
    /// intervals are copied kept compressed (sharing the intervals' compressed counts), holding up the collector only
    /// while it copies; reading the snapshot never touches the live run's data.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run has not started yet (<see cref="RunAsync"/> not called, or still warming up).</exception>
    public RunResult Snapshot()
    {
        Collector? collector;
        lock (_gate)
        {
            if (_result is not null)
            {
                return _result;
            }

            collector = _collector;
        }

        return collector is null
            ? throw NotStarted()
            : collector.Snapshot(_options.Command);
    }

    /// <summary>
    /// As <see cref="Snapshot()"/>, but with only the intervals from <paramref name="from"/> on (at least the latest)
    /// while the run goes: what a view polling every second needs, without copying the whole series each time.
    /// After the run: the final result, whole.
    /// </summary>
    /// <returns>The result, the run index of its first interval, and how many intervals the run has.</returns>
    /// <exception cref="InvalidOperationException">The run has not started yet.</exception>
    internal (RunResult Result, int First, int Count) Snapshot(int from)
    {
        Collector? collector;
        lock (_gate)
        {
            if (_result is not null)
            {
                return (_result, 0, _result.Series.Count);
            }

            collector = _collector;
        }

        return collector is null ? throw NotStarted() : collector.Snapshot(_options.Command, from);
    }

    private static InvalidOperationException NotStarted() =>
        new("the run has not started yet (RunAsync not called, or still warming up); take a snapshot once it runs");

    /// <summary>
    /// Ends the run now as if every scenario's duration had ended: no new iterations, in-flight ones get their
    /// <c>gracefulStop</c> and are then cancelled; scenarios not started yet never start. <see cref="RunAsync"/> then
    /// returns a complete result with outcome <c>stopped</c>. Called before the run, the run stops as soon as it
    /// starts; after it, it does nothing. Idempotent and thread-safe.
    /// </summary>
    public void Stop()
    {
        ExecutorRuntime[]? executors;
        CancellationTokenSource? startDelays;
        Collector? collector;
        lock (_gate)
        {
            if (_stopAsked || _result is not null)
            {
                return;
            }

            _stopAsked = true;
            _stoppedEarly = true;
            executors = _executors;
            startDelays = _stop;
            collector = _collector;
        }

        collector?.MarkStopped();

        if (startDelays is not null)
        {
            CancelQuietly(startDelays);
        }

        foreach (var executor in executors ?? [])
        {
            executor.Stop();
        }
    }

    /// <summary>
    /// The control of an <c>externally-controlled</c> scenario, to change its VUs before or while the plan runs.
    /// </summary>
    /// <exception cref="ArgumentException">No scenario of that name is externally controlled.</exception>
    public VuControl Control(string scenario) =>
        _controls.TryGetValue(scenario, out var control)
            ? control
            : throw new ArgumentException(_controls.Count == 0
                ? $"scenario `{scenario}` is not externally controlled; the plan has no externally-controlled scenario"
                : $"scenario `{scenario}` is not externally controlled; these are: {string.Join(", ", _controls.Keys)}", nameof(scenario));

    /// <summary>
    /// Runs the plan to its end. Cancelling <paramref name="cancellationToken"/> interrupts the run:
    /// in-flight requests are cancelled and counted as in flight at stop, and the partial result is
    /// returned with outcome <c>interrupted</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called a second time: a runner runs its plan once.</exception>
    public async Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException("this runner has already run its plan; create a new Runner to run it again");
            }

            _started = true;
        }

        var time = _options.Time;
        if (_options.WarmUp)
        {
            await WarmUp.RunAsync(_plan.Http, WarmUpConnections, WarmUpRequests, cancellationToken).ConfigureAwait(false);
        }

        using var transports = (_options.Transports ?? HttpTransportFactory.Create)(_plan.Http);
        using var recorder = new MetricsRecorder();
        var run = new RunContext(time, recorder, transports) { PacerProgress = _options.PacerProgress };
        var executors = _plan.Scenarios.Select((s, i) => Create(new ScenarioContext(s, i, _plan.Tags, recorder), run)).ToArray();
        var collector = new Collector(_plan, recorder, transports, time, _options.Sinks, () => Progress(executors), _changes, _rateControls);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        collector.OnAbort = () => CancelQuietly(interrupt);
        using var stop = new CancellationTokenSource();

        collector.Start();
        bool stopAsked;
        lock (_gate)
        {
            _executors = executors;
            _collector = collector;
            _stop = stop;
            stopAsked = _stopAsked;
        }

        if (stopAsked)
        {
            // Stop() came before the run: it ends as soon as it starts.
            collector.MarkStopped();
            stop.Cancel();
            foreach (var executor in executors)
            {
                executor.Stop();
            }
        }

        // VUs run without the caller's execution context: nothing on the request path reads an
        // AsyncLocal, and a context that flows makes every await resume through ExecutionContext.Run.
        Task[] scenarios;
        using (ExecutionContext.SuppressFlow())
        {
            scenarios = [.. executors.Select(e => StartAsync(e, interrupt.Token, stop.Token))];
        }

        var all = Task.WhenAll(scenarios);
        _ = all.ContinueWith(_ => ScenariosEnded(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var collecting = collector.RunAsync(all);
        try
        {
            await all.WaitAsync(_plan.MaxDuration + _options.StopTimeout, time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Iterations that ignore cancellation are left behind; their requests count as in flight at stop.
            collector.AddWarning("some iterations did not stop within the stop timeout; their requests are counted as in flight at stop");
        }

        await collecting.ConfigureAwait(false);
        bool stoppedEarly;
        lock (_gate)
        {
            stoppedEarly = _stoppedEarly;
        }

        var outcome = collector.AbortedBy is not null ? "aborted"
            : cancellationToken.IsCancellationRequested ? "interrupted"
            : stoppedEarly ? "stopped"
            : "completed";
        var result = collector.Finish(_options.Command, outcome, executors);
        lock (_gate)
        {
            _result = result;
            _stop = null;
        }

        return result;
    }

    // Once every scenario has ended, a Stop() no longer changes anything: the run completed.
    private void ScenariosEnded()
    {
        lock (_gate)
        {
            _stopAsked = true;
        }
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended.
        }
    }

    private RunProgress Progress(ExecutorRuntime[] executors)
    {
        int vus = 0, max = 0;
        foreach (var executor in executors)
        {
            vus += executor.ActiveVus;
            max += executor.AllocatedVus;
        }

        return new RunProgress(TimeSpan.Zero, _plan.Scenarios.Max(s => s.Executor.StartTime + s.Executor.MaxDuration), vus, max);
    }

    private async Task StartAsync(ExecutorRuntime executor, CancellationToken interrupt, CancellationToken stop)
    {
        var startTime = executor.Scenario.Scenario.Executor.StartTime;
        if (startTime > TimeSpan.Zero)
        {
            try
            {
                using var startOrStop = CancellationTokenSource.CreateLinkedTokenSource(interrupt, stop);
                await Task.Delay(startTime, _options.Time, startOrStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await executor.RunAsync(interrupt).ConfigureAwait(false);
    }

    private ExecutorRuntime Create(ScenarioContext scenario, RunContext run) => scenario.Scenario.Executor switch
    {
        ConstantVusConfig or PerVuIterationsConfig or SharedIterationsConfig => new ClosedModelExecutor(scenario, run),
        RampingVusConfig => new RampingVusExecutor(scenario, run),
        ExternallyControlledConfig => new RampingVusExecutor(scenario, run, _controls[scenario.Scenario.Name]),
        ConstantArrivalRateConfig => new ArrivalRateExecutor(scenario, run, _rateControls[scenario.Scenario.Name]),
        RampingArrivalRateConfig => new ArrivalRateExecutor(scenario, run),
        _ => throw new InvalidInputException($"executor '{scenario.Scenario.Executor.Name}' is not supported"),
    };

    internal static string MachineDescription() =>
        $"{Environment.MachineName}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
        $".NET {Environment.Version}, {Environment.ProcessorCount} cores";

    internal static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }
}

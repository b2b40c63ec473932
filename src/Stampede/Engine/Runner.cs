using System.Diagnostics;
using Stampede.Engine.Executors;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Engine;

/// <summary>
/// Runs a <see cref="TestPlan"/>: starts each scenario's executor at its start time, collects metrics
/// once per interval into snapshots for the sinks, and returns the <see cref="RunResult"/>.
/// </summary>
public sealed class Runner
{
    private const int WarmUpConnections = 4;
    private const int WarmUpRequests = 1000;

    private readonly TestPlan _plan;
    private readonly RunnerOptions _options;
    private readonly Dictionary<string, VuControl> _controls = new(StringComparer.Ordinal);

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
        foreach (var scenario in plan.Scenarios)
        {
            if (scenario.Executor is ExternallyControlledConfig external)
            {
                _controls[scenario.Name] = new VuControl(scenario.Name, external.Vus, external.MaxVus);
            }
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
    public async Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var time = _options.Time;
        if (_options.WarmUp)
        {
            await WarmUp.RunAsync(_plan.Http, WarmUpConnections, WarmUpRequests, cancellationToken).ConfigureAwait(false);
        }

        using var transports = (_options.Transports ?? HttpTransportFactory.Create)(_plan.Http);
        using var recorder = new MetricsRecorder();
        var run = new RunContext(time, recorder, transports) { PacerProgress = _options.PacerProgress };
        var executors = _plan.Scenarios.Select((s, i) => Create(new ScenarioContext(s, i, _plan.Tags, recorder), run)).ToArray();
        var collector = new Collector(_plan, recorder, transports, time, _options.Sinks, () => Progress(executors));
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        collector.OnAbort = () => CancelQuietly(interrupt);

        collector.Start();

        // VUs run without the caller's execution context: nothing on the request path reads an
        // AsyncLocal, and a context that flows makes every await resume through ExecutionContext.Run.
        Task[] scenarios;
        using (ExecutionContext.SuppressFlow())
        {
            scenarios = [.. executors.Select(e => StartAsync(e, interrupt.Token))];
        }

        var all = Task.WhenAll(scenarios);
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
        var outcome = collector.AbortedBy is not null ? "aborted" : cancellationToken.IsCancellationRequested ? "interrupted" : "completed";
        return collector.Finish(_options.Command, outcome, executors);
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

    private async Task StartAsync(ExecutorRuntime executor, CancellationToken interrupt)
    {
        var startTime = executor.Scenario.Scenario.Executor.StartTime;
        if (startTime > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(startTime, _options.Time, interrupt).ConfigureAwait(false);
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
        ConstantArrivalRateConfig or RampingArrivalRateConfig => new ArrivalRateExecutor(scenario, run),
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

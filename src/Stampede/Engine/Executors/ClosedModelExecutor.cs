namespace Stampede.Engine.Executors;

/// <summary>
/// constant-vus, per-vu-iterations and shared-iterations: a fixed set of VUs, each looping over the
/// iteration until the duration ends or the iterations run out (closed model).
/// </summary>
internal sealed class ClosedModelExecutor : ExecutorRuntime
{
    private readonly int _vus;
    private readonly long _perVuIterations;
    private long _sharedRemaining;

    public ClosedModelExecutor(ScenarioContext scenario, RunContext run)
        : base(scenario, run)
    {
        switch (scenario.Scenario.Executor)
        {
            case ConstantVusConfig c:
                _vus = c.Vus;
                _perVuIterations = long.MaxValue;
                _sharedRemaining = long.MaxValue;
                break;
            case PerVuIterationsConfig p:
                _vus = p.Vus;
                _perVuIterations = p.Iterations;
                _sharedRemaining = long.MaxValue;
                break;
            case SharedIterationsConfig s:
                _vus = (int)Math.Min(s.Vus, s.Iterations);
                _perVuIterations = long.MaxValue;
                _sharedRemaining = s.Iterations;
                break;
            default:
                throw new ArgumentException($"{scenario.Scenario.Executor.Name} is not a closed-model executor", nameof(scenario));
        }
    }

    protected override Task ExecuteAsync(CancellationToken durationEnd, CancellationToken hardStop)
    {
        var loops = new Task[_vus];
        for (var i = 0; i < _vus; i++)
        {
            var vu = NewVu();
            loops[i] = Task.Run(() => LoopAsync(vu, durationEnd, hardStop), CancellationToken.None);
        }

        return Task.WhenAll(loops);
    }

    private async Task LoopAsync(VirtualUser vu, CancellationToken durationEnd, CancellationToken hardStop)
    {
        VuStarted();
        try
        {
            await LoopAsync(vu, () => !durationEnd.IsCancellationRequested && vu.Iteration < _perVuIterations && TakeShared(), hardStop)
                .ConfigureAwait(false);
        }
        finally
        {
            VuStopped();
        }
    }

    private bool TakeShared() => _sharedRemaining == long.MaxValue || Interlocked.Decrement(ref _sharedRemaining) >= 0;
}

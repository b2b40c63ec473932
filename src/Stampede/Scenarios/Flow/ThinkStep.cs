namespace Stampede.Scenarios.Flow;

/// <summary>How a think time is drawn.</summary>
internal enum ThinkDistribution : byte
{
    /// <summary>Always the same.</summary>
    Fixed,

    /// <summary>Uniform between min and max.</summary>
    Uniform,

    /// <summary>Normal around a mean with a standard deviation, never below 0.</summary>
    Normal,

    /// <summary>Exponential with a mean: the gaps of a Poisson process.</summary>
    Poisson,
}

/// <summary><c>think</c>: the VU pauses, on the run's clock, so tests drive it with a fake one.</summary>
internal sealed class ThinkStep(string path, ThinkDistribution distribution, TimeSpan a, TimeSpan b) : Step(path)
{
    public ThinkDistribution Distribution { get; } = distribution;

    public override async ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken)
    {
        var pause = Draw(Random.Shared);
        state.Observer?.OnStep(Path, $"think {Engine.Durations.Format(pause)}");
        if (pause <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(pause, state.Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>One think time (a = fixed/min/mean, b = max/standard deviation).</summary>
    internal TimeSpan Draw(Random random) => Distribution switch
    {
        ThinkDistribution.Uniform => a + ((b - a) * random.NextDouble()),
        ThinkDistribution.Normal => TimeSpan.FromTicks(Math.Max(0, (long)(a.Ticks + (b.Ticks * Gaussian(random))))),
        ThinkDistribution.Poisson => TimeSpan.FromTicks((long)(-a.Ticks * Math.Log(1 - random.NextDouble()))),
        _ => a,
    };

    private static double Gaussian(Random random)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

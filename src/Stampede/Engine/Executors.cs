namespace Stampede.Engine;

/// <summary>A fixed number of VUs loop over the iteration for a duration (closed model).</summary>
/// <param name="Vus">Number of VUs (the scenario file defaults it to 1).</param>
/// <param name="Duration">How long to run.</param>
public sealed record ConstantVusConfig(int Vus, TimeSpan Duration) : ExecutorConfig
{
    /// <inheritdoc />
    public override string Name => "constant-vus";

    /// <inheritdoc />
    public override TimeSpan MaxDuration => Duration;

    /// <inheritdoc />
    public override int PeakVus => Vus;

    /// <inheritdoc />
    public override IEnumerable<string> Validate() =>
        base.Validate().Concat(Positive("vus", Vus)).Concat(PositiveDuration("duration", Duration));

    /// <inheritdoc />
    public override string Describe() => $"{Vus} VUs for {Format(Duration)}";
}

/// <summary>VUs ramp linearly through stages (closed model), like k6's <c>ramping-vus</c>.</summary>
/// <param name="StartVus">VUs at the start (the scenario file defaults it to 1, as k6 does).</param>
/// <param name="Stages">Targets to ramp to.</param>
public sealed record RampingVusConfig(int StartVus, IReadOnlyList<Stage> Stages) : ExecutorConfig
{
    /// <summary>How long a VU told to stop by a ramp-down may finish its iteration. Default 30 s.</summary>
    public TimeSpan GracefulRampDown { get; init; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string Name => "ramping-vus";

    /// <inheritdoc />
    public override TimeSpan MaxDuration => Sum(Stages);

    /// <inheritdoc />
    public override int PeakVus => (int)Math.Ceiling(Stages.Select(s => s.Target).Append(StartVus).Max());

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate().Concat(ValidateStages(Stages, "VUs")))
        {
            yield return error;
        }

        if (StartVus < 0)
        {
            yield return $"startVUs must be 0 or more (got {StartVus})";
        }

        if (GracefulRampDown < TimeSpan.Zero)
        {
            yield return $"gracefulRampDown must not be negative (got {GracefulRampDown})";
        }

        if (Stages.Count > 0 && MaxDuration <= TimeSpan.Zero)
        {
            yield return "stages must last longer than 0s in total";
        }
    }

    /// <inheritdoc />
    public override string Describe() =>
        $"{StartVus} → " + string.Join(" → ", Stages.Select(s => $"{s.Target:0.##} VUs/{Format(s.Duration)}"));
}

/// <summary>Each VU runs a fixed number of iterations (closed model).</summary>
/// <param name="Vus">Number of VUs.</param>
/// <param name="Iterations">Iterations per VU.</param>
public sealed record PerVuIterationsConfig(int Vus, long Iterations) : ExecutorConfig
{
    /// <summary>Hard limit on the scenario's duration. Default 10 minutes.</summary>
    public TimeSpan MaxDurationLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public override string Name => "per-vu-iterations";

    /// <inheritdoc />
    public override TimeSpan MaxDuration => MaxDurationLimit;

    /// <inheritdoc />
    public override int PeakVus => Vus;

    /// <inheritdoc />
    public override IEnumerable<string> Validate() =>
        base.Validate().Concat(Positive("vus", Vus)).Concat(Positive("iterations", Iterations))
            .Concat(PositiveDuration("maxDuration", MaxDurationLimit));

    /// <inheritdoc />
    public override string Describe() => $"{Iterations} iterations for each of {Vus} VUs";
}

/// <summary>VUs share a fixed number of iterations (closed model).</summary>
/// <param name="Vus">Number of VUs.</param>
/// <param name="Iterations">Iterations in total.</param>
public sealed record SharedIterationsConfig(int Vus, long Iterations) : ExecutorConfig
{
    /// <summary>Hard limit on the scenario's duration. Default 10 minutes.</summary>
    public TimeSpan MaxDurationLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public override string Name => "shared-iterations";

    /// <inheritdoc />
    public override TimeSpan MaxDuration => MaxDurationLimit;

    /// <inheritdoc />
    public override int PeakVus => (int)Math.Min(Vus, Math.Max(1, Iterations));

    /// <inheritdoc />
    public override IEnumerable<string> Validate() =>
        base.Validate().Concat(Positive("vus", Vus)).Concat(Positive("iterations", Iterations))
            .Concat(PositiveDuration("maxDuration", MaxDurationLimit));

    /// <inheritdoc />
    public override string Describe() => $"{Iterations} iterations shared by {Vus} VUs";
}

/// <summary>
/// Iterations start at a fixed rate whatever the target does (open model). When no VU is free and
/// <see cref="MaxVUs"/> are in use, the iteration is counted in <c>dropped_iterations</c>, never queued.
/// </summary>
/// <param name="Rate">Iterations per <see cref="TimeUnit"/>.</param>
/// <param name="Duration">How long to run.</param>
/// <param name="PreAllocatedVUs">VUs created before the start.</param>
/// <param name="MaxVUs">Most VUs the executor may create while running.</param>
public sealed record ConstantArrivalRateConfig(double Rate, TimeSpan Duration, int PreAllocatedVUs, int MaxVUs) : ExecutorConfig
{
    /// <summary>The period <see cref="Rate"/> is counted over. Default 1 s.</summary>
    public TimeSpan TimeUnit { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public override string Name => "constant-arrival-rate";

    /// <inheritdoc />
    public override bool OpenModel => true;

    /// <inheritdoc />
    public override TimeSpan MaxDuration => Duration;

    /// <inheritdoc />
    public override int PeakVus => Math.Max(PreAllocatedVUs, MaxVUs);

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate().Concat(Positive("rate", Rate)).Concat(PositiveDuration("duration", Duration))
                     .Concat(PositiveDuration("timeUnit", TimeUnit)).Concat(Positive("preAllocatedVUs", PreAllocatedVUs)))
        {
            yield return error;
        }

        if (MaxVUs < PreAllocatedVUs)
        {
            yield return $"maxVUs ({MaxVUs}) must be at least preAllocatedVUs ({PreAllocatedVUs})";
        }
    }

    /// <inheritdoc />
    public override string Describe() => $"{Rate:0.##} iterations/{Format(TimeUnit)} for {Format(Duration)} (VUs {PreAllocatedVUs}–{MaxVUs})";
}

/// <summary>The start rate ramps linearly through stages (open model), like k6's <c>ramping-arrival-rate</c>.</summary>
/// <param name="StartRate">Iterations per time unit at the start.</param>
/// <param name="Stages">Rates to ramp to.</param>
/// <param name="PreAllocatedVUs">VUs created before the start.</param>
/// <param name="MaxVUs">Most VUs the executor may create while running.</param>
public sealed record RampingArrivalRateConfig(double StartRate, IReadOnlyList<Stage> Stages, int PreAllocatedVUs, int MaxVUs) : ExecutorConfig
{
    /// <summary>The period rates are counted over. Default 1 s.</summary>
    public TimeSpan TimeUnit { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public override string Name => "ramping-arrival-rate";

    /// <inheritdoc />
    public override bool OpenModel => true;

    /// <inheritdoc />
    public override TimeSpan MaxDuration => Sum(Stages);

    /// <inheritdoc />
    public override int PeakVus => Math.Max(PreAllocatedVUs, MaxVUs);

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate().Concat(ValidateStages(Stages, "iterations per time unit"))
                     .Concat(PositiveDuration("timeUnit", TimeUnit)).Concat(Positive("preAllocatedVUs", PreAllocatedVUs)))
        {
            yield return error;
        }

        if (StartRate < 0)
        {
            yield return $"startRate must be 0 or more (got {StartRate})";
        }

        if (MaxVUs < PreAllocatedVUs)
        {
            yield return $"maxVUs ({MaxVUs}) must be at least preAllocatedVUs ({PreAllocatedVUs})";
        }
    }

    /// <inheritdoc />
    public override string Describe() =>
        $"{StartRate:0.##} → " + string.Join(" → ", Stages.Select(s => $"{s.Target:0.##}/{Format(TimeUnit)} over {Format(s.Duration)}"));
}

/// <summary>
/// VUs loop as in constant-vus, but their number is changed while the test runs (closed model), like k6's
/// <c>externally-controlled</c>: through the scenario's <see cref="VuControl"/> (<see cref="Runner.Control"/>), which
/// the dashboard or a C# caller holds. The run still ends by itself after <paramref name="Duration"/>.
/// </summary>
/// <param name="Vus">VUs at the start (0 or more).</param>
/// <param name="MaxVus">Most VUs the control may ask for; it can raise this while running.</param>
/// <param name="Duration">How long to run; required, as a load test must end by itself.</param>
public sealed record ExternallyControlledConfig(int Vus, int MaxVus, TimeSpan Duration) : ExecutorConfig
{
    /// <summary>How long a VU removed by lowering the count may finish its iteration. Default 30 s.</summary>
    public TimeSpan GracefulRampDown { get; init; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string Name => "externally-controlled";

    /// <inheritdoc />
    public override TimeSpan MaxDuration => Duration;

    /// <inheritdoc />
    public override int PeakVus => Math.Max(Vus, MaxVus);

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate().Concat(PositiveDuration("duration", Duration)).Concat(Positive("maxVUs", MaxVus)))
        {
            yield return error;
        }

        if (Vus < 0)
        {
            yield return $"vus must be 0 or more (got {Vus})";
        }
        else if (MaxVus < Vus)
        {
            yield return $"maxVUs ({MaxVus}) must be at least vus ({Vus})";
        }

        if (GracefulRampDown < TimeSpan.Zero)
        {
            yield return $"gracefulRampDown must not be negative (got {GracefulRampDown})";
        }
    }

    /// <inheritdoc />
    public override string Describe() => $"{Vus} VUs at the start, up to {MaxVus} as controlled, for {Format(Duration)}";
}

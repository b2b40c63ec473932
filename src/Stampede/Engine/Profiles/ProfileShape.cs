namespace Stampede.Engine.Profiles;

/// <summary>
/// One standard shape: its defaults, its shortest allowed duration and the executor it builds. The
/// proportions here are the ones docs/profiles.md draws (its pictures are rendered from these executors).
/// </summary>
internal sealed record ProfileShape
{
    private static readonly ProfileShape[] Shapes =
    [
        new()
        {
            Profile = LoadProfile.Smoke, Name = "smoke", OpenModel = false, DefaultPeak = 1, DefaultDuration = TimeSpan.Zero,
            MinimumIntervals = 0, TooShort = "",
        },
        new()
        {
            Profile = LoadProfile.Load, Name = "load", OpenModel = false, DefaultPeak = 10, DefaultDuration = TimeSpan.FromMinutes(10),
            MinimumIntervals = 10, TooShort = "the ramp up and the ramp down each take 10% of it and must last at least one metrics interval",
        },
        new()
        {
            Profile = LoadProfile.Stress, Name = "stress", OpenModel = true, DefaultPeak = 100, DefaultDuration = TimeSpan.FromMinutes(10),
            MinimumIntervals = 50, TooShort = $"the ramp into each of the {StressSteps} steps takes 2% of it and must last at least one metrics interval",
        },
        new()
        {
            Profile = LoadProfile.Spike, Name = "spike", OpenModel = true, DefaultPeak = 100, DefaultDuration = TimeSpan.FromMinutes(5),
            MinimumIntervals = 5, TooShort = "the hold at the peak takes 20% of it and must last at least one metrics interval",
        },
        new()
        {
            Profile = LoadProfile.Soak, Name = "soak", OpenModel = true, DefaultPeak = 100, DefaultDuration = TimeSpan.FromHours(1),
            MinimumIntervals = 1, TooShort = "it must last at least one metrics interval",
        },
        new()
        {
            Profile = LoadProfile.Breakpoint, Name = "breakpoint", OpenModel = true, DefaultPeak = 1000, DefaultDuration = TimeSpan.FromMinutes(30),
            MinimumIntervals = 10, TooShort = "the rate reached is read per metrics interval, and one interval may be at most 10% of the ramp",
        },
    ];

    /// <summary>Steps of the stress shape.</summary>
    public const int StressSteps = 5;

    /// <summary>The spike shape's baseline, as a share of its peak.</summary>
    public const double SpikeBaseline = 0.1;

    public required LoadProfile Profile { get; init; }

    /// <summary>The name users write (<c>--profile stress</c>).</summary>
    public required string Name { get; init; }

    /// <summary>True when the peak is an arrival rate (iterations/s), false when it is VUs.</summary>
    public required bool OpenModel { get; init; }

    public required double DefaultPeak { get; init; }

    public required TimeSpan DefaultDuration { get; init; }

    /// <summary>The shortest duration, in metrics intervals: its shortest phase must last one interval.</summary>
    public required int MinimumIntervals { get; init; }

    /// <summary>Why a shorter duration does not work (for the error).</summary>
    public required string TooShort { get; init; }

    public static IReadOnlyList<ProfileShape> All => Shapes;

    public static ProfileShape Of(LoadProfile profile) =>
        (int)profile >= 0 && (int)profile < Shapes.Length
            ? Shapes[(int)profile]
            : throw new ArgumentOutOfRangeException(nameof(profile), profile, "not a load profile");

    /// <summary>
    /// The executor of one scenario. <paramref name="peak"/> is this scenario's share: VUs (already whole)
    /// for load, iterations per second for the open-model shapes.
    /// </summary>
    public ExecutorConfig Executor(double peak, TimeSpan duration, int preAllocatedVus, int maxVus)
    {
        switch (Profile)
        {
            case LoadProfile.Smoke:
                return new PerVuIterationsConfig(1, 1);
            case LoadProfile.Load:
                var ramp = duration * 0.1;
                return new RampingVusConfig(0, [new Stage(ramp, peak), new Stage(duration - ramp - ramp, peak), new Stage(ramp, 0)]);
            case LoadProfile.Stress:
                return new RampingArrivalRateConfig(0, StressStages(peak, duration), preAllocatedVus, maxVus);
            case LoadProfile.Spike:
                var baseline = peak * SpikeBaseline;
                var before = duration * 0.4;
                var atPeak = duration * 0.2;
                return new RampingArrivalRateConfig(baseline,
                [
                    new Stage(before, baseline),
                    new Stage(TimeSpan.Zero, peak),
                    new Stage(atPeak, peak),
                    new Stage(TimeSpan.Zero, baseline),
                    new Stage(duration - before - atPeak, baseline),
                ], preAllocatedVus, maxVus);
            case LoadProfile.Soak:
                return new ConstantArrivalRateConfig(peak, duration, preAllocatedVus, maxVus);
            default:
                return new RampingArrivalRateConfig(0, [new Stage(duration, peak)], preAllocatedVus, maxVus);
        }
    }

    // Each step: a ramp over 10 % of the step to the step's rate, then a hold; the last hold takes what
    // rounding to ticks left over, so the stages add up to the duration exactly.
    private static Stage[] StressStages(double peak, TimeSpan duration)
    {
        var step = duration / StressSteps;
        var ramp = step * 0.1;
        var stages = new Stage[2 * StressSteps];
        for (var i = 0; i < StressSteps; i++)
        {
            var rate = peak * (i + 1) / StressSteps;
            stages[2 * i] = new Stage(ramp, rate);
            stages[(2 * i) + 1] = new Stage(i < StressSteps - 1 ? step - ramp : duration - (step * (StressSteps - 1)) - ramp, rate);
        }

        return stages;
    }
}

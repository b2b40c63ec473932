using System.Globalization;

namespace Stampede.Engine.Profiles;

/// <summary>
/// Shrinks or stretches a plan's own shape, where <see cref="LoadProfiles"/> replaces it: a seven-stage
/// load test written for 30 minutes and 200 VUs runs as the same seven stages in 1 minute at 10 VUs.
/// <list type="bullet">
/// <item><see cref="ScaleOptions.Duration"/> multiplies every scenario's timeline (stages, durations,
/// <c>startTime</c>) and every threshold's <c>delayAbortEval</c> by one factor, so the plan lasts that long.
/// Graceful stops, timeouts and threshold windows (<c>over 30s</c>) are not part of the shape and stay.</item>
/// <item><see cref="ScaleOptions.Peak"/> multiplies every scenario's load levels by one factor, so the
/// highest total the plan aims for at any moment is the peak: VUs for a closed-model plan, iterations per
/// second for an open-model one.</item>
/// </list>
/// Details and rounding are in docs/profiles.md ("Shortening a file's own shape").
/// </summary>
public static class ShapeScaling
{
    /// <summary>
    /// How long the plan's timed scenarios aim for load, from the start of the run to the end of the last one
    /// (<c>startTime</c> + its length; graceful stops excluded). Zero when no scenario is timed (only
    /// per-vu-iterations and shared-iterations, which run a number of iterations).
    /// </summary>
    public static TimeSpan Length(TestPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var length = TimeSpan.Zero;
        foreach (var scenario in plan.Scenarios)
        {
            if (LoadCurve.Of(scenario.Executor) is { } curve && scenario.Executor.StartTime + curve.Duration > length)
            {
                length = scenario.Executor.StartTime + curve.Duration;
            }
        }

        return length;
    }

    /// <summary>
    /// The highest total load the plan aims for at any moment, scenarios that overlap in time added up: VUs
    /// when every scenario is closed-model, iterations per second when every one is open-model. Scenarios that
    /// run a number of iterations count with their VUs for the whole run. Null when the plan mixes the two
    /// models (a sum of VUs and rates means nothing) or has no scenarios.
    /// </summary>
    public static double? Peak(TestPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Scenarios.Count == 0 || plan.Scenarios.Select(s => s.Executor.OpenModel).Distinct().Count() > 1)
        {
            return null;
        }

        var curves = plan.Scenarios.Select(s => (s.Executor, Curve: LoadCurve.Of(s.Executor))).ToList();
        var always = curves.Where(c => c.Curve is null).Sum(c => c.Executor.PeakVus);

        // The sum of polylines is a polyline: its maximum is next to a corner of one of them, just before or just
        // after it (one scenario ending as another starts does not add up). Rounded to absorb the tick's slope.
        var peak = 0d;
        foreach (var (executor, curve) in curves)
        {
            foreach (var point in curve?.Points ?? [])
            {
                var time = executor.StartTime + point.Time;
                peak = Math.Max(peak, Math.Max(Total(time + TimeSpan.FromTicks(1)), Total(time - TimeSpan.FromTicks(1))));
            }
        }

        return Math.Round(peak, 6) + always;

        double Total(TimeSpan time) => curves.Where(c => c.Curve is not null).Sum(c => c.Curve!.At(time - c.Executor.StartTime));
    }

    /// <summary>Every problem with scaling <paramref name="plan"/> as <paramref name="options"/> asks; empty when it can.</summary>
    public static IReadOnlyList<string> Validate(TestPlan plan, ScaleOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Duration is { } duration)
        {
            if (duration <= TimeSpan.Zero)
            {
                errors.Add($"--duration: must be longer than 0s to fit the file's shape into (got {Format(duration)})");
            }
            else if (Length(plan) == TimeSpan.Zero)
            {
                errors.Add("--duration: the plan has nothing timed to shorten: its scenarios run a number of iterations " +
                    "(per-vu-iterations, shared-iterations); use --vus N --duration D or --profile to run it for a time");
            }
            else if (Stretched(plan, Factor(duration, Length(plan))) is { } tooShort)
            {
                errors.Add($"--duration {Format(duration)}: {tooShort}; give a longer duration");
            }
        }

        if (options.Peak is { } peak)
        {
            if (!(peak > 0) || double.IsInfinity(peak))
            {
                errors.Add($"--peak: must be a number greater than 0 (got {Number(peak)})");
            }
            else if (Peak(plan) is not { } planPeak)
            {
                errors.Add(plan.Scenarios.Count == 0
                    ? "--peak: the plan has no scenarios to scale"
                    : "--peak: the plan mixes closed-model scenarios (VUs: " + Names(plan, open: false) + ") and open-model ones " +
                      "(iterations/s: " + Names(plan, open: true) + "), so one peak cannot scale both; use --profile, or edit the file");
            }
            else if (planPeak <= 0)
            {
                errors.Add("--peak: the plan aims for no load at any moment (every level is 0), so there is nothing to scale");
            }
        }

        if (options.MaxVus is { } maxVus)
        {
            if (maxVus < 1)
            {
                errors.Add($"--max-vus: must be at least 1 (got {maxVus})");
            }
            else if (!plan.Scenarios.Any(s => s.Executor.OpenModel))
            {
                errors.Add("--max-vus: applies to arrival-rate scenarios, and this plan has none (its VUs are set by the scenarios or --peak)");
            }
        }

        return errors;
    }

    /// <summary>The plan with its timeline fitted into <see cref="ScaleOptions.Duration"/> and its levels scaled to <see cref="ScaleOptions.Peak"/>.</summary>
    /// <exception cref="InvalidInputException">The options do not fit the plan (<see cref="Validate"/> says why).</exception>
    public static TestPlan Apply(TestPlan plan, ScaleOptions options)
    {
        var errors = Validate(plan, options);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(string.Join(Environment.NewLine, errors));
        }

        if (options is { Duration: null, Peak: null, MaxVus: null })
        {
            return plan;
        }

        var time = options.Duration is { } duration ? Factor(duration, Length(plan)) : 1;
        var level = options.Peak is { } peak ? peak / Peak(plan)!.Value : 1;
        return plan with
        {
            Scenarios = [.. plan.Scenarios.Select(s => s with { Executor = Scale(s.Executor, time, level, options.MaxVus) })],
            Thresholds = [.. plan.Thresholds.Select(t => t with { DelayAbortEval = Times(t.DelayAbortEval, time) })],
        };
    }

    private static ExecutorConfig Scale(ExecutorConfig executor, double time, double level, int? maxVus)
    {
        var scaled = executor switch
        {
            ConstantVusConfig c => c with { Vus = Vus(c.Vus, level), Duration = Times(c.Duration, time) },
            ExternallyControlledConfig e => e with
            {
                Vus = Target(e.Vus, level),
                MaxVus = Math.Max(Target(e.Vus, level), Vus(e.MaxVus, level)),
                Duration = Times(e.Duration, time),
            },
            RampingVusConfig r => r with
            {
                StartVus = Target(r.StartVus, level),
                Stages = [.. r.Stages.Select(s => new Stage(Times(s.Duration, time), Target(s.Target, level)))],
            },
            PerVuIterationsConfig p => p with { Vus = Vus(p.Vus, level) },
            SharedIterationsConfig s => s with { Vus = Vus(s.Vus, level) },
            ConstantArrivalRateConfig c => c with
            {
                Rate = c.Rate * level,
                Duration = Times(c.Duration, time),
                PreAllocatedVUs = Pool(c.PreAllocatedVUs, level, maxVus),
                MaxVUs = maxVus ?? Grown(c.MaxVUs, level),
            },
            RampingArrivalRateConfig r => r with
            {
                StartRate = r.StartRate * level,
                Stages = [.. r.Stages.Select(s => new Stage(Times(s.Duration, time), s.Target * level))],
                PreAllocatedVUs = Pool(r.PreAllocatedVUs, level, maxVus),
                MaxVUs = maxVus ?? Grown(r.MaxVUs, level),
            },
            _ => executor,
        };
        return scaled with { StartTime = Times(executor.StartTime, time) };
    }

    // A VU count that was at least 1 stays at least 1; a ramp target of 0 stays 0 (a ramp down must still end at 0).
    private static int Vus(int vus, double level) => Math.Max(1, (int)Math.Round(vus * level, MidpointRounding.AwayFromZero));

    private static int Target(int target, double level) => target <= 0 ? 0 : Vus(target, level);

    private static double Target(double target, double level) =>
        target <= 0 ? 0 : Math.Max(1, Math.Round(target * level, MidpointRounding.AwayFromZero));

    // A VU pool sized for the file's rate grows with a higher rate and is kept for a lower one (it is a cap, not a load).
    private static int Grown(int vus, double level) => level > 1 ? (int)Math.Ceiling(vus * level) : vus;

    private static int Pool(int preAllocated, double level, int? maxVus) => Math.Min(Grown(preAllocated, level), maxVus ?? int.MaxValue);

    private static double Factor(TimeSpan duration, TimeSpan length) => duration / length;

    // Whole milliseconds: a stage of 0 (a jump) stays 0.
    private static TimeSpan Times(TimeSpan value, double factor) =>
        factor == 1 ? value : TimeSpan.FromMilliseconds(Math.Round(value.TotalMilliseconds * factor, MidpointRounding.AwayFromZero));

    // The first timed part that the factor would shrink below a millisecond, described; null when none.
    private static string? Stretched(TestPlan plan, double factor)
    {
        foreach (var scenario in plan.Scenarios)
        {
            // The curve's corners are the timeline: each gap between two is a stage (or the whole duration).
            var points = LoadCurve.Of(scenario.Executor)?.Points ?? [];
            var parts = points.Skip(1).Select((p, i) => p.Time - points[i].Time).Where(d => d > TimeSpan.Zero);
            foreach (var part in parts)
            {
                if (Times(part, factor) < TimeSpan.FromMilliseconds(1))
                {
                    return $"scenario `{scenario.Name}` would have a stage of {Format(part)} shrunk below 1ms";
                }
            }
        }

        return null;
    }

    private static string Names(TestPlan plan, bool open) =>
        string.Join(", ", plan.Scenarios.Where(s => s.Executor.OpenModel == open).Select(s => s.Name));

    private static string Format(TimeSpan value) => Durations.Format(value);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

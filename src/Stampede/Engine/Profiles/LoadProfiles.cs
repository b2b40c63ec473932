using System.Globalization;
using Stampede.Scenarios;

namespace Stampede.Engine.Profiles;

/// <summary>
/// Runs one plan's flow in a standard shape: <see cref="Apply"/> replaces every scenario's executor with
/// the shape's (the flow, tags and thresholds stay). The peak is for all scenarios together, split equally
/// between them (VUs rounded up). Shapes, proportions and defaults are in docs/profiles.md.
/// </summary>
public static class LoadProfiles
{
    /// <summary>The profile names users write, in <see cref="LoadProfile"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ProfileShape.All.Select(s => s.Name)];

    /// <summary>The name users write for <paramref name="profile"/> (<c>stress</c>).</summary>
    public static string NameOf(LoadProfile profile) => ProfileShape.Of(profile).Name;

    /// <summary>True when the profile's peak is an arrival rate (iterations/s); false when it is VUs.</summary>
    public static bool IsOpenModel(LoadProfile profile) => ProfileShape.Of(profile).OpenModel;

    /// <summary>The peak used when none is given: 10 VUs (load), 100/s (stress, spike, soak), 1000/s (breakpoint), 1 VU (smoke).</summary>
    public static double DefaultPeak(LoadProfile profile) => ProfileShape.Of(profile).DefaultPeak;

    /// <summary>The duration used when none is given: 10m (load, stress), 5m (spike), 1h (soak), 30m (breakpoint); zero for smoke, which runs one iteration.</summary>
    public static TimeSpan DefaultDuration(LoadProfile profile) => ProfileShape.Of(profile).DefaultDuration;

    /// <summary>
    /// The shortest duration the shape accepts with metrics intervals of <paramref name="interval"/>: its
    /// shortest phase must last one interval (load 10, stress 50, spike 5, soak 1, breakpoint 10 intervals).
    /// </summary>
    public static TimeSpan MinimumDuration(LoadProfile profile, TimeSpan interval) => interval * ProfileShape.Of(profile).MinimumIntervals;

    /// <summary>Reads a profile name, ignoring case.</summary>
    public static bool TryParse(string? text, out LoadProfile profile)
    {
        foreach (var shape in ProfileShape.All)
        {
            if (string.Equals(text?.Trim(), shape.Name, StringComparison.OrdinalIgnoreCase))
            {
                profile = shape.Profile;
                return true;
            }
        }

        profile = default;
        return false;
    }

    /// <summary>Reads a profile name, ignoring case.</summary>
    /// <exception cref="InvalidInputException">Not a profile; the message suggests the closest name.</exception>
    public static LoadProfile Parse(string? text) =>
        TryParse(text, out var profile)
            ? profile
            : throw new InvalidInputException($"unknown profile `{text}`; {Suggestions.Hint(text ?? "", [.. Names])} " +
                $"(profiles: {string.Join(", ", Names)})");

    /// <summary>Every problem with running <paramref name="plan"/> in the shape of <paramref name="options"/>; empty when it can.</summary>
    public static IReadOnlyList<string> Validate(TestPlan plan, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var shape = ProfileShape.Of(options.Profile);
        var name = $"{shape.Name} profile";
        var errors = new List<string>();
        if (plan.Scenarios.Count == 0)
        {
            errors.Add($"{name}: the plan has no scenarios to shape; add at least one");
        }

        if (shape.Profile == LoadProfile.Smoke)
        {
            const string what = "smoke runs 1 VU for 1 iteration of each scenario";
            if (options.Peak is { } smokePeak)
            {
                errors.Add($"{name}: a peak does not apply ({what}; got {Number(smokePeak)}); remove it, or use the load profile");
            }

            if (options.Duration is { } smokeDuration)
            {
                errors.Add($"{name}: a duration does not apply ({what}; got {Durations.Format(smokeDuration)}); remove it, or use the load profile");
            }
        }

        if (!shape.OpenModel && options.MaxVus is { } closedMax)
        {
            errors.Add($"{name}: maxVUs applies to the open-model profiles only (stress, spike, soak, breakpoint; got {closedMax}); " +
                (shape.Profile == LoadProfile.Load ? "the load profile's peak is its number of VUs" : "remove it"));
        }

        if (options.Peak is { } peak && shape.Profile != LoadProfile.Smoke)
        {
            var unit = shape.OpenModel ? "iterations per second" : "VUs";
            if (!double.IsFinite(peak) || peak <= 0)
            {
                errors.Add($"{name}: the peak must be a number greater than 0 ({unit}; got {Number(peak)}), e.g. {Number(shape.DefaultPeak)}");
            }
            else if (!shape.OpenModel && peak != Math.Floor(peak))
            {
                errors.Add($"{name}: the peak is a number of VUs and must be whole (got {Number(peak)}); e.g. {Number(Math.Ceiling(peak))}");
            }
        }

        if (options.Duration is { } duration && shape.Profile != LoadProfile.Smoke)
        {
            var minimum = MinimumDuration(shape.Profile, plan.Interval);
            if (duration <= TimeSpan.Zero)
            {
                errors.Add($"{name}: the duration must be longer than 0 (got {Durations.Format(duration)}), e.g. {Durations.Format(shape.DefaultDuration)}");
            }
            else if (duration < minimum)
            {
                errors.Add($"{name}: a duration of {Durations.Format(duration)} is too short; {shape.TooShort} " +
                    $"({Durations.Format(plan.Interval)}), so give {Durations.Format(minimum)} or more");
            }
        }

        if (shape.OpenModel && options.MaxVus is < 1)
        {
            errors.Add($"{name}: maxVUs must be at least 1 (got {options.MaxVus})");
        }

        if (shape.Profile == LoadProfile.Breakpoint && plan.Thresholds.Count == 0)
        {
            errors.Add($"{name}: nothing would stop the ramp at the breaking point, because the plan has no threshold; add one, " +
                "e.g. --threshold 'http_req_failed: rate<0.01 over 10s' or --threshold 'http_req_duration: p(95)<500 over 10s' " +
                "(in a scenario file: options.thresholds with abortOnFail: true)");
        }

        return errors;
    }

    /// <summary>
    /// The plan with every scenario's executor replaced by the shape's. Each scenario keeps its flow, tags and
    /// gracefulStop; its startTime is dropped (the shape is the timeline). Breakpoint: when no threshold
    /// is <c>abortOnFail</c>, every threshold becomes one, so the first crossing stops the ramp.
    /// </summary>
    /// <exception cref="InvalidInputException">The options do not fit; the message lists every problem.</exception>
    public static TestPlan Apply(TestPlan plan, ProfileOptions options)
    {
        var errors = Validate(plan, options);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(string.Join(Environment.NewLine, errors));
        }

        var shape = ProfileShape.Of(options.Profile);
        var count = plan.Scenarios.Count;
        var peak = options.Peak ?? shape.DefaultPeak;
        var duration = options.Duration ?? shape.DefaultDuration;

        // Enough VUs for iterations of up to 1 s at the peak (at least 1000), and up front enough for 50 ms ones.
        var maxVus = options.MaxVus ?? (int)Math.Min(int.MaxValue, Math.Max(1000, Math.Ceiling(peak)));
        var preAllocated = Math.Min(maxVus, (int)Math.Clamp(Math.Ceiling(peak / 20), 1, 100));
        var share = shape.OpenModel ? peak / count : Math.Ceiling(peak / count);
        var executor = shape.Executor(share, duration, CeilingShare(preAllocated, count), CeilingShare(maxVus, count));

        var shaped = plan with
        {
            Scenarios = [.. plan.Scenarios.Select(s => s with { Executor = executor with { GracefulStop = s.Executor.GracefulStop } })],
        };
        if (shape.Profile == LoadProfile.Breakpoint && !plan.Thresholds.Any(t => t.AbortOnFail))
        {
            shaped = shaped with { Thresholds = [.. plan.Thresholds.Select(t => t with { AbortOnFail = true })] };
        }

        return shaped;
    }

    private static int CeilingShare(int total, int count) => (int)Math.Ceiling(total / (double)count);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

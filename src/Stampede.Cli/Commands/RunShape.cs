using System.CommandLine;
using System.Globalization;
using Stampede.Engine;
using Stampede.Engine.Profiles;

namespace Stampede.Cli.Commands;

/// <summary>
/// How <c>run</c> reshapes a scenario file from the command line: <c>--profile</c> (with <c>--peak</c>,
/// <c>--duration</c>, <c>--max-vus</c>), or the <c>--vus</c>/<c>--rate</c> overrides, plus <c>--threshold</c>.
/// </summary>
internal static class RunShape
{
    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Run the file's flow in a standard shape, replacing every scenario's executor: " +
            "smoke, load, stress, spike, soak or breakpoint (docs/profiles.md); with --peak and --duration",
        HelpName = "name",
    };

    public static Option<string?> Peak() => new("--peak")
    {
        Description = "With --profile: the highest load, all scenarios together: VUs for load; iterations/s for stress, spike, soak " +
            "and breakpoint (e.g. 200 or 200/s). Default 10 VUs, 100/s, 1000/s for breakpoint. " +
            "Without --profile: scale the file's own levels so its highest is N (VUs, or iterations/s for an arrival-rate file)",
        HelpName = "N",
    };

    /// <summary>The plan with the command line's thresholds added and its executors replaced as the flags ask.</summary>
    public static TestPlan Apply(TestPlan plan, RunShapeArguments args)
    {
        if (args.Profile is null)
        {
            plan = plan with { Thresholds = [.. plan.Thresholds, .. CommonOptions.ParseThresholds(args.Thresholds)] };
            if (args.Vus is not null || args.Rate is not null)
            {
                if (args.Peak is not null)
                {
                    throw new InvalidInputException($"--peak {args.Peak}: --vus and --rate already set the load; give one of them");
                }

                return RunCommand.Override(plan, args.Vus, args.Duration, args.Rate, args.MaxVus);
            }

            // No new shape: --duration and --peak shorten or scale the file's own.
            return ShapeScaling.Apply(plan, new ScaleOptions { Duration = args.Duration, Peak = ParseScalePeak(args.Peak, plan), MaxVus = args.MaxVus });
        }

        var profile = LoadProfiles.Parse(args.Profile);
        var errors = new List<string>();
        if (args.Vus is not null || args.Rate is not null)
        {
            errors.Add($"--profile {LoadProfiles.NameOf(profile)} replaces every scenario's executor, as --vus and --rate do; give only one of them");
        }

        var peak = ParsePeak(args.Peak, profile, errors);

        // In a breakpoint test a threshold given on the command line is there to stop the ramp.
        var added = CommonOptions.ParseThresholds(args.Thresholds);
        plan = plan with
        {
            Thresholds = [.. plan.Thresholds, .. profile == LoadProfile.Breakpoint ? added.Select(t => t with { AbortOnFail = true }) : added],
        };
        var options = new ProfileOptions { Profile = profile, Peak = peak, Duration = args.Duration, MaxVus = args.MaxVus };
        errors.AddRange(LoadProfiles.Validate(plan, options));
        if (errors.Count > 0)
        {
            throw new InvalidInputException(string.Join(Environment.NewLine, errors));
        }

        return LoadProfiles.Apply(plan, options);
    }

    // --peak for the file's own shape: VUs for a closed-model plan; for an open-model one also a rate (500/s).
    private static double? ParseScalePeak(string? text, TestPlan plan)
    {
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var open = plan.Scenarios.Count > 0 && plan.Scenarios.All(s => s.Executor.OpenModel);
        if (open && text.Contains('/', StringComparison.Ordinal) && Rates.TryParse(text, out var count, out var unit))
        {
            return count / unit.TotalSeconds;
        }

        throw new InvalidInputException(open
            ? $"--peak: '{text}' is not a number or a rate; give the highest iterations/s, e.g. --peak 200 or --peak 200/s"
            : $"--peak: '{text}' is not a number; this plan's load is VUs, so give the most VUs at once, e.g. --peak 20");
    }

    /// <summary>True when the flags ask for a breakpoint test (the summary then reports the rate reached).</summary>
    public static bool IsBreakpoint(string? profile) => LoadProfiles.TryParse(profile, out var p) && p == LoadProfile.Breakpoint;

    // A number; for the open-model shapes also a rate (500/s, 30000/m), turned into iterations per second.
    // Range problems are the library's to report, with the others.
    private static double? ParsePeak(string? text, LoadProfile profile, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (text.Contains('/', StringComparison.Ordinal) && Rates.TryParse(text, out var count, out var unit))
        {
            if (LoadProfiles.IsOpenModel(profile))
            {
                return count / unit.TotalSeconds;
            }

            errors.Add($"--peak: the {LoadProfiles.NameOf(profile)} profile's peak is a number of VUs, not a rate (got '{text}'); write it like --peak 50");
            return null;
        }

        errors.Add($"--peak: '{text}' is not a number; give the highest load as a number greater than 0, e.g. --peak 50 " +
            "(VUs for load; iterations/s for stress, spike, soak and breakpoint, which also take 50/s or 3000/m)");
        return null;
    }
}

/// <summary>run's shaping flags, parsed.</summary>
internal sealed record RunShapeArguments
{
    public string? Profile { get; init; }

    public string? Peak { get; init; }

    public TimeSpan? Duration { get; init; }

    public int? Vus { get; init; }

    public string? Rate { get; init; }

    public int? MaxVus { get; init; }

    public IReadOnlyList<string> Thresholds { get; init; } = [];
}

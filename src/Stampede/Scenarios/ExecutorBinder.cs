using Stampede.Engine;

namespace Stampede.Scenarios;

/// <summary>
/// The executors a scenario file can name, with k6's field names and defaults. Adding an executor is
/// adding one <see cref="Spec"/>: its fields drive the unknown-key check and "belongs to" hints.
/// </summary>
internal static class ExecutorBinder
{
    private static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromMinutes(10);

    private static readonly Spec[] Specs =
    [
        new("constant-vus", ["vus", "duration"], ["duration"], r =>
            Build(r, () => new ConstantVusConfig(r.Int("vus") ?? 1, r.Duration("duration") ?? TimeSpan.Zero))),
        new("ramping-vus", ["startVUs", "stages", "gracefulRampDown"], ["stages"], r =>
            Build(r, () => new RampingVusConfig(r.Int("startVUs") ?? 1, ReadStages(r, wholeTargets: true))
            {
                GracefulRampDown = r.Duration("gracefulRampDown") ?? TimeSpan.FromSeconds(30),
            })),
        new("externally-controlled", ["vus", "maxVUs", "duration"], ["duration"], r =>
            Build(r, () =>
            {
                var vus = r.Int("vus") ?? 1;
                return new ExternallyControlledConfig(vus, r.Int("maxVUs") ?? vus, r.Duration("duration") ?? TimeSpan.Zero);
            })),
        new("per-vu-iterations", ["vus", "iterations", "maxDuration"], [], r =>
            Build(r, () => new PerVuIterationsConfig(r.Int("vus") ?? 1, r.Long("iterations") ?? 1)
            {
                MaxDurationLimit = r.Duration("maxDuration") ?? DefaultMaxDuration,
            })),
        new("shared-iterations", ["vus", "iterations", "maxDuration"], [], r =>
            Build(r, () => new SharedIterationsConfig(r.Int("vus") ?? 1, r.Long("iterations") ?? 1)
            {
                MaxDurationLimit = r.Duration("maxDuration") ?? DefaultMaxDuration,
            })),
        new("constant-arrival-rate", ["rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs"], ["rate", "duration", "preAllocatedVUs"], r =>
            Build(r, () =>
            {
                var (rate, unit) = ReadRate(r);
                var preAllocated = r.Int("preAllocatedVUs") ?? 0;
                return new ConstantArrivalRateConfig(rate, r.Duration("duration") ?? TimeSpan.Zero, preAllocated, r.Int("maxVUs") ?? preAllocated)
                {
                    TimeUnit = unit,
                };
            })),
        new("ramping-arrival-rate", ["startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs"], ["stages", "preAllocatedVUs"], r =>
            Build(r, () =>
            {
                var preAllocated = r.Int("preAllocatedVUs") ?? 0;
                return new RampingArrivalRateConfig(r.Number("startRate") ?? 0, ReadStages(r, wholeTargets: false), preAllocated,
                    r.Int("maxVUs") ?? preAllocated)
                {
                    TimeUnit = r.Duration("timeUnit") ?? TimeSpan.FromSeconds(1),
                };
            })),
    ];

    /// <summary>Executor names in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Specs.Select(s => s.Name)];

    /// <summary>Every executor-specific field, for reading a scenario whose executor is unknown.</summary>
    public static IReadOnlyList<string> AllFields { get; } = [.. Specs.SelectMany(s => s.Fields).Distinct(StringComparer.Ordinal)];

    public static IReadOnlyList<string>? FieldsOf(string executor) => Find(executor)?.Fields;

    /// <summary>The fields <paramref name="executor"/> cannot do without; null for an unknown executor.</summary>
    public static IReadOnlyList<string>? RequiredOf(string executor) => Find(executor)?.Required;

    /// <summary>"ramping-vus and ramping-arrival-rate" when <paramref name="field"/> belongs to other executors, else null.</summary>
    public static string? OwnersOf(string field)
    {
        var owners = Specs.Where(s => s.Fields.Contains(field, StringComparer.Ordinal)).Select(s => s.Name).ToList();
        return owners.Count switch
        {
            0 => null,
            1 => owners[0],
            _ => string.Join(", ", owners[..^1]) + " and " + owners[^1],
        };
    }

    /// <summary>Builds the config; null when a field is missing or has the wrong type (already reported).</summary>
    public static ExecutorConfig? Bind(string executor, MappingReader scenario)
    {
        var spec = Find(executor) ?? throw new ArgumentException($"unknown executor {executor}", nameof(executor));
        var missing = false;
        foreach (var field in spec.Required)
        {
            missing |= !scenario.Require(field, $"{spec.Name} needs `{field}`", Example(field));
        }

        var before = scenario.Diagnostics.Count;
        var config = spec.Build(scenario);
        var startTime = scenario.Duration("startTime");
        var gracefulStop = scenario.Duration("gracefulStop");
        if (missing || config is null || scenario.Diagnostics.Count > before)
        {
            return null;
        }

        return config with
        {
            StartTime = startTime ?? TimeSpan.Zero,
            GracefulStop = gracefulStop ?? TimeSpan.FromSeconds(30),
        };
    }

    private static Spec? Find(string executor) => Specs.FirstOrDefault(s => s.Name == executor);

    /// <summary>Runs every read (so every type error is reported), then discards the result if any failed.</summary>
    private static ExecutorConfig? Build(MappingReader reader, Func<ExecutorConfig> read)
    {
        var before = reader.Diagnostics.Count;
        var config = read();
        return reader.Diagnostics.Count > before ? null : config;
    }

    private static (double Rate, TimeSpan Unit) ReadRate(MappingReader r)
    {
        var rate = r["rate"] is { } node ? NodeValues.Rate(node, r.PathOf("rate"), r.Diagnostics) : null;
        var timeUnit = r.Duration("timeUnit");
        if (rate?.Unit is not null && r["timeUnit"] is { } unitNode)
        {
            r.Diagnostics.Add(unitNode, $"{r.PathOf("timeUnit")}: the time unit is given twice, here and in `rate`",
                "write either `rate: 200/s` or `rate: 200` with `timeUnit: 1s`");
        }

        return (rate?.Count ?? 0, rate?.Unit ?? timeUnit ?? TimeSpan.FromSeconds(1));
    }

    private static List<Stage> ReadStages(MappingReader r, bool wholeTargets)
    {
        var stages = new List<Stage>();
        if (r["stages"] is not { } node || NodeValues.Sequence(node, r.PathOf("stages"), r.Diagnostics) is not { } list)
        {
            return stages;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"{r.PathOf("stages")}[{i}]";
            if (NodeValues.Mapping(list.Items[i], path, r.Diagnostics) is not { } mapping)
            {
                continue;
            }

            var stage = new MappingReader(mapping, path, r.Diagnostics);
            stage.CheckKeys(StageKeys);
            var hasDuration = stage.Require("duration", "a stage needs `duration`", "for example { duration: 30s, target: 10 }");
            var hasTarget = stage.Require("target", "a stage needs `target`", "for example { duration: 30s, target: 10 }");
            var duration = stage.Duration("duration");
            double? target = wholeTargets ? stage.Int("target") : stage.Number("target");
            if (hasDuration && hasTarget && duration is { } d && target is { } t)
            {
                stages.Add(new Stage(d, t));
            }
        }

        return stages;
    }

    internal static readonly string[] StageKeys = ["duration", "target"];

    private static string Example(string field) => field switch
    {
        "duration" => "for example `duration: 30s`",
        "stages" => "for example `stages: [{ duration: 30s, target: 10 }]`",
        "rate" => "for example `rate: 200` with `timeUnit: 1s`, or `rate: 200/s`",
        "preAllocatedVUs" => "VUs created before the start, for example `preAllocatedVUs: 50`",
        _ => $"add `{field}:`",
    };

    private sealed record Spec(string Name, string[] Fields, string[] Required, Func<MappingReader, ExecutorConfig?> Build);
}

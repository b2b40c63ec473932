using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Engine;

/// <summary>
/// An immutable, validated description of a test: scenarios plus global options. YAML files, CLI flags
/// and the C# builder all produce one; the <c>Runner</c> executes it.
/// </summary>
public sealed record TestPlan
{
    /// <summary>The scenarios, run concurrently (each from its own start time).</summary>
    public required IReadOnlyList<Scenario> Scenarios { get; init; }

    /// <summary>HTTP client settings shared by every scenario.</summary>
    public HttpSettings Http { get; init; } = new();

    /// <summary>Tags added to every metric.</summary>
    public TagSet Tags { get; init; } = TagSet.Empty;

    /// <summary>Pass/fail conditions judged at the end of the run (<see cref="Thresholds.ThresholdEvaluator"/>).</summary>
    public IReadOnlyList<Thresholds.Threshold> Thresholds { get; init; } = [];

    /// <summary>
    /// Where to write the results file when the command line gives no <c>--out</c> (<c>options.outputs</c> in a
    /// scenario file); relative to the current directory, as <c>--out</c> is. Null: not written.
    /// </summary>
    public string? ResultsPath { get; init; }

    /// <summary>
    /// The outputs of <c>options.outputs</c> in a scenario file, as written (<c>json=results.json</c>,
    /// <c>run.ndjson</c>): the command line turns them into the results file and the outputs that stream during the
    /// run, unless <c>--out</c> replaces them. The results file among them is also <see cref="ResultsPath"/>. Default none.
    /// </summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>
    /// Reports to write after the run when the command line gives no <c>--report</c> (<c>options.reports</c> in a
    /// scenario file); paths relative to the current directory.
    /// </summary>
    public IReadOnlyList<Reports.ReportTarget> Reports { get; init; } = [];

    /// <summary>Length of one metrics interval. Default 1 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the whole plan can run, graceful stops included.</summary>
    public TimeSpan MaxDuration => Scenarios.Count == 0
        ? TimeSpan.Zero
        : Scenarios.Max(s => s.Executor.StartTime + s.Executor.MaxDuration + s.Executor.GracefulStop);

    /// <summary>Every problem with the plan; empty when it can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Scenarios.Count == 0)
        {
            errors.Add("the plan has no scenarios; add at least one");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in Scenarios)
        {
            if (string.IsNullOrWhiteSpace(scenario.Name))
            {
                errors.Add("every scenario needs a name");
            }
            else if (!seen.Add(scenario.Name))
            {
                errors.Add($"scenario '{scenario.Name}' is defined twice; names must be unique");
            }

            errors.AddRange(scenario.Executor.Validate().Select(e => $"scenarios.{scenario.Name}: {e}"));
        }

        if (Interval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"interval must be at least 100ms (got {Durations.Format(Interval)})");
        }

        return errors;
    }
}

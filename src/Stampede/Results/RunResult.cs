using Stampede.Metrics;

namespace Stampede.Results;

/// <summary>
/// Everything one run measured: metadata, totals, per-interval series, errors, accounting and the
/// generator's health. Every report is a view of it; it serializes to the results file and reads back
/// identically.
/// </summary>
public sealed class RunResult
{
    /// <summary>The results-file format this version writes.</summary>
    public const string Format = "stampede-results/1";

    /// <summary>Run metadata.</summary>
    public required RunInfo Run { get; init; }

    /// <summary>Totals over the whole run, one per series (metric + full tag set).</summary>
    public required IReadOnlyList<MetricAggregate> Metrics { get; init; }

    /// <summary>One snapshot per interval, in time order.</summary>
    public required IReadOnlyList<IntervalSnapshot> Series { get; init; }

    /// <summary>Failures by kind, with the first distinct messages.</summary>
    public required ErrorSummary Errors { get; init; }

    /// <summary>Every request accounted for.</summary>
    public required RequestAccounting Accounting { get; init; }

    /// <summary>The generator's own health over the run.</summary>
    public required GeneratorHealth Generator { get; init; }

    /// <summary>
    /// Every change to the load made through a control while the run went (VUs, spawn rate, arrival rate, maxVUs),
    /// in time order; empty when nobody steered the run.
    /// </summary>
    public IReadOnlyList<LoadChange> Changes { get; init; } = [];

    /// <summary>The verdict on each of the plan's thresholds, in the plan's order.</summary>
    public IReadOnlyList<Thresholds.ThresholdResult> Thresholds { get; internal set; } = [];

    /// <summary>Whether every threshold held (true when there are none).</summary>
    public bool ThresholdsPassed => Thresholds.All(t => t.Passed);

    /// <summary>
    /// Every check's totals, from the <c>checks</c> metric: one entry per scenario, group and check name, in
    /// the order they were first recorded.
    /// </summary>
    public IReadOnlyList<CheckResult> Checks =>
    [
        .. Metrics
            .Where(m => m.Metric.Name == BuiltinMetrics.Checks.Name && m.Tags["check"] is not null)
            .GroupBy(m => (Scenario: m.Tags["scenario"] ?? "", Group: m.Tags["group"] ?? "", Name: m.Tags["check"]!))
            .Select(g => new CheckResult(g.Key.Name, g.Key.Scenario, g.Key.Group, g.Sum(m => m.Passes), g.Sum(m => m.Fails))),
    ];

    /// <summary>The same result with <paramref name="warnings"/> added to the generator's (outputs that dropped data, say).</summary>
    internal RunResult WithGeneratorWarnings(IEnumerable<string> warnings) => new()
    {
        Run = Run,
        Metrics = Metrics,
        Series = Series,
        Errors = Errors,
        Accounting = Accounting,
        Generator = Generator with { Warnings = [.. Generator.Warnings, .. warnings] },
        Thresholds = Thresholds,
        Changes = Changes,
    };

    /// <summary>Sums a metric across all its tag sets (null when never recorded).</summary>
    public MetricAggregate? Total(MetricDefinition metric) => Total(metric, TagSet.Empty);

    /// <summary>Sums a metric across the series whose tags contain <paramref name="filter"/> (null when none).</summary>
    public MetricAggregate? Total(MetricDefinition metric, TagSet filter)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(filter);
        return MetricAggregate.SumOf(Metrics, metric, filter);
    }
}

/// <summary>Run metadata.</summary>
public sealed record RunInfo
{
    /// <summary>Tool name and version, e.g. <c>stampede 0.1.0</c>.</summary>
    public required string Tool { get; init; }

    /// <summary>Wall-clock start.</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary>How long the run lasted, graceful stop included.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The command line, secrets redacted.</summary>
    public string Command { get; init; } = "";

    /// <summary>Host name, OS, runtime and cores of the generator.</summary>
    public string Machine { get; init; } = "";

    /// <summary>The git commit of the working directory, when known.</summary>
    public string? GitCommit { get; init; }

    /// <summary>True when TLS verification was switched off with <c>--insecure</c>.</summary>
    public bool Insecure { get; init; }

    /// <summary>
    /// The HTTP client that sent the requests: <c>fast</c> (Stampede's HTTP/1.1 client) or
    /// <c>handler</c> (.NET's SocketsHttpHandler); null in files that predate the choice.
    /// </summary>
    public string? Transport { get; init; }

    /// <summary>
    /// How the run ended: <c>completed</c> (every scenario ran its course), <c>stopped</c> (ended early by
    /// <see cref="Engine.Runner.Stop"/>, the dashboard's stop button: iterations had their graceful stop),
    /// <c>interrupted</c> (cancelled, e.g. Ctrl+C: in-flight requests cut off), <c>aborted</c> (an
    /// <c>abortOnFail</c> threshold was crossed); <c>running</c> in a <see cref="Engine.Runner.Snapshot()"/> taken mid-run.
    /// </summary>
    public string Outcome { get; init; } = "completed";

    /// <summary>The scenarios that ran.</summary>
    public IReadOnlyList<ScenarioInfo> Scenarios { get; init; } = [];

    /// <summary>Length of one series interval.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>A scenario as it ran.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Executor">Executor name (<c>constant-arrival-rate</c>…).</param>
/// <param name="OpenModel">True for arrival-rate executors (response time from the intended start).</param>
/// <param name="Description">The executor's settings in words (<c>2000 iterations/s for 10s</c>).</param>
public sealed record ScenarioInfo(string Name, string Executor, bool OpenModel, string Description);

/// <summary>
/// Every request is accounted for: <c>Sent = Succeeded + Failed + InFlightAtStop</c>, exactly.
/// </summary>
/// <param name="Sent">Requests started.</param>
/// <param name="Succeeded">Requests that completed without an error.</param>
/// <param name="Failed">Requests that completed with an error (status or transport).</param>
/// <param name="InFlightAtStop">Requests interrupted by the end of the run.</param>
public sealed record RequestAccounting(long Sent, long Succeeded, long Failed, long InFlightAtStop)
{
    /// <summary>True when the identity holds.</summary>
    public bool Balanced => Sent == Succeeded + Failed + InFlightAtStop;
}

/// <summary>Failures by kind, with the first distinct messages (bounded).</summary>
public sealed record ErrorSummary
{
    /// <summary>Count per kind.</summary>
    public required IReadOnlyDictionary<ErrorKind, long> Counts { get; init; }

    /// <summary>The first distinct messages, with how often each was seen.</summary>
    public required IReadOnlyList<ErrorMessage> Messages { get; init; }
}

/// <summary>A distinct error message.</summary>
/// <param name="Kind">Error kind.</param>
/// <param name="Message">The message (secrets never appear in messages).</param>
/// <param name="Count">How many times it was seen.</param>
/// <param name="FirstSeen">Offset from the run start when it was first seen.</param>
public sealed record ErrorMessage(ErrorKind Kind, string Message, long Count, TimeSpan FirstSeen);

/// <summary>The generator's own health over the run.</summary>
public sealed record GeneratorHealth
{
    /// <summary>Open-model scheduling lag (actual − intended start), µs; null in the closed model.</summary>
    public MetricAggregate? SchedulingLag { get; init; }

    /// <summary>Iterations dropped because no VU was free.</summary>
    public long DroppedIterations { get; init; }

    /// <summary>Mean generator CPU, % of all cores.</summary>
    public double CpuPercentMean { get; init; }

    /// <summary>Highest one-interval generator CPU, % of all cores.</summary>
    public double CpuPercentMax { get; init; }

    /// <summary>Total GC pause time, ms.</summary>
    public double GcPauseMs { get; init; }

    /// <summary>Most connections open at once.</summary>
    public long MaxConnections { get; init; }

    /// <summary>Cores on the generator machine.</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>Why the generator, not the target, may have limited the results; empty when healthy.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>One check's totals over a run.</summary>
/// <param name="Name">The check's name (tag <c>check</c>).</param>
/// <param name="Scenario">The scenario it ran in.</param>
/// <param name="Group">The group path of its request, or empty.</param>
/// <param name="Passes">Times it held.</param>
/// <param name="Fails">Times it did not.</param>
public sealed record CheckResult(string Name, string Scenario, string Group, long Passes, long Fails)
{
    /// <summary>Share of evaluations that passed (0 when never evaluated).</summary>
    public double PassRate => Passes + Fails == 0 ? 0 : (double)Passes / (Passes + Fails);
}

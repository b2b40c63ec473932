using Stampede.Metrics;

namespace Stampede.Engine;

/// <summary>A named workload: how iterations are scheduled and what one iteration does.</summary>
public sealed record Scenario
{
    /// <summary>The scenario name (tag <c>scenario</c>).</summary>
    public required string Name { get; init; }

    /// <summary>How iterations are scheduled.</summary>
    public required ExecutorConfig Executor { get; init; }

    /// <summary>What one iteration does.</summary>
    public required IIterationBody Body { get; init; }

    /// <summary>Extra tags on every metric the scenario records.</summary>
    public TagSet Tags { get; init; } = TagSet.Empty;
}

/// <summary>The body of an iteration: HTTP steps from a scenario file, or C# code.</summary>
public interface IIterationBody
{
    /// <summary>Runs one iteration for <paramref name="vu"/>. Request failures are recorded, not thrown.</summary>
    ValueTask RunAsync(VirtualUser vu, CancellationToken cancellationToken);
}

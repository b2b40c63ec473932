namespace Stampede.Cli.Dashboard;

/// <summary>
/// A test started from the control page: <c>users</c> (closed model, externally-controlled VUs reaching
/// <see cref="Users"/> at <see cref="SpawnRate"/> per second) or <c>rate</c> (open model, constant-arrival-rate at
/// <see cref="Rate"/> iterations per second, changeable while it runs), for at most <see cref="Duration"/>.
/// Totals are shared evenly among the scenarios.
/// </summary>
internal sealed record DashboardStart
{
    /// <summary><c>users</c> or <c>rate</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Users (VUs) in all, for the users model.</summary>
    public int? Users { get; init; }

    /// <summary>Users started (or stopped) per second on the way to <see cref="Users"/>; null: all at once.</summary>
    public double? SpawnRate { get; init; }

    /// <summary>Iterations per second in all, for the rate model.</summary>
    public double? Rate { get; init; }

    /// <summary>The most the test runs; it stops by itself then.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Most VUs in all: the users model's ceiling, or the rate model's pool.</summary>
    public int? MaxVus { get; init; }
}

namespace Stampede.Cli.Dashboard;

/// <summary>A change to a running test: users (with an optional spawn rate) or the arrival rate, in all.</summary>
/// <param name="Users">Users wanted in all, or null to leave them.</param>
/// <param name="SpawnRate">Users per second on the way there; null: at once.</param>
/// <param name="Rate">Iterations per second wanted in all, or null to leave it.</param>
internal sealed record DashboardChange(int? Users, double? SpawnRate, double? Rate);

namespace Stampede.Engine;

/// <summary>One stage of a ramping executor: move linearly to <paramref name="Target"/> over <paramref name="Duration"/>.</summary>
/// <param name="Duration">How long the stage lasts.</param>
/// <param name="Target">VUs (ramping-vus) or iterations per time unit (ramping-arrival-rate) at the stage's end.</param>
public sealed record Stage(TimeSpan Duration, double Target);

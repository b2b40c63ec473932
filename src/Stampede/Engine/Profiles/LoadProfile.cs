namespace Stampede.Engine.Profiles;

/// <summary>
/// The standard shapes one scenario file's flow can be run in (<see cref="LoadProfiles.Apply"/>). Each
/// replaces every scenario's executor; the flow, tags and thresholds stay. docs/profiles.md has a
/// picture of each.
/// </summary>
public enum LoadProfile
{
    /// <summary>1 VU runs 1 iteration of each scenario (per-vu-iterations): does the flow work at all?</summary>
    Smoke,

    /// <summary>Closed model (ramping-vus): 0 → peak VUs over 10 % of the duration, hold for 80 %, ramp down over 10 %.</summary>
    Load,

    /// <summary>Open model (ramping-arrival-rate): 5 equal steps up to the peak rate, each a short ramp (10 % of the step) then a hold.</summary>
    Stress,

    /// <summary>Open model (ramping-arrival-rate): a baseline of 10 % of the peak, a sudden jump to the peak, a brief hold, back to the baseline.</summary>
    Spike,

    /// <summary>Open model (constant-arrival-rate): the peak rate, steady, for a long time.</summary>
    Soak,

    /// <summary>Open model (ramping-arrival-rate): 0 → peak linearly over the duration, meant to be stopped by an abortOnFail threshold.</summary>
    Breakpoint,
}

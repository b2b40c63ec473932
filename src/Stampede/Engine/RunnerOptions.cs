using Stampede.Http;

namespace Stampede.Engine;

/// <summary>How a <see cref="Runner"/> runs a plan.</summary>
public sealed record RunnerOptions
{
    /// <summary>The clock schedules are computed from. Default <see cref="TimeProvider.System"/>; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Live receivers of snapshots and of the result.</summary>
    public IReadOnlyList<ISink> Sinks { get; init; } = [];

    /// <summary>The command line to store in the result (secrets already redacted).</summary>
    public string Command { get; init; } = "";

    /// <summary>
    /// Builds the HTTP transports from the plan's settings. Default: <see cref="HttpTransportFactory.Create(HttpSettings)"/>.
    /// </summary>
    public Func<HttpSettings, IHttpTransportFactory>? Transports { get; init; }

    /// <summary>
    /// Test hook: the named scenario's scheduler finished step n (1-based) — an arrival-rate pacer its n-th
    /// release, a ramping-vus controller its n-th look at the ramp (step n at (n − 1) × 50 ms).
    /// </summary>
    internal Action<string, long>? PacerProgress { get; init; }

    /// <summary>
    /// Before the run, send a few thousand requests through a throwaway client of the plan's kind to a
    /// server inside this process, so the request path is compiled before the first scheduled
    /// iteration (nothing reaches the target or the results). Default false; the CLI turns it on.
    /// </summary>
    public bool WarmUp { get; init; }

    /// <summary>How long to wait for iterations that ignore cancellation after the hard stop. Default 10 s.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

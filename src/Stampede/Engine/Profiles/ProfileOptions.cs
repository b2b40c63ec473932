namespace Stampede.Engine.Profiles;

/// <summary>Which standard shape to run a plan in, how high and how long (<see cref="LoadProfiles.Apply"/>).</summary>
public sealed record ProfileOptions
{
    /// <summary>The shape.</summary>
    public required LoadProfile Profile { get; init; }

    /// <summary>
    /// The highest load, for all scenarios together: VUs for <see cref="LoadProfile.Load"/>, iterations per
    /// second for the open-model shapes. Null: the shape's default (<see cref="LoadProfiles.DefaultPeak"/>:
    /// 10 VUs for load, 100/s for stress, spike and soak, 1000/s for breakpoint). Not allowed with
    /// <see cref="LoadProfile.Smoke"/>.
    /// </summary>
    public double? Peak { get; init; }

    /// <summary>
    /// How long the shape lasts. Null: the shape's default (<see cref="LoadProfiles.DefaultDuration"/>: 10m for
    /// load and stress, 5m for spike, 1h for soak, 30m for breakpoint). Not allowed with <see cref="LoadProfile.Smoke"/>.
    /// </summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// Open-model shapes: the most VUs for all scenarios together. Null: enough for iterations of up to
    /// 1 s at the peak rate, at least 1000. Not allowed with the closed-model shapes (smoke, load).
    /// </summary>
    public int? MaxVus { get; init; }
}

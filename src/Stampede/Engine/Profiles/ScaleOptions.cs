namespace Stampede.Engine.Profiles;

/// <summary>How <see cref="ShapeScaling"/> fits a plan's own shape into another length and peak. Null leaves that side as it is.</summary>
public sealed record ScaleOptions
{
    /// <summary>How long the plan's timeline should last (its timed scenarios, from the start of the run to the end of the last one).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The highest total load the plan should aim for: VUs for a closed-model plan, iterations per second for an open-model one.</summary>
    public double? Peak { get; init; }

    /// <summary>Most VUs for each arrival-rate scenario, replacing the file's <c>maxVUs</c> (and capping <c>preAllocatedVUs</c>).</summary>
    public int? MaxVus { get; init; }
}

namespace Stampede.Engine;

/// <summary>The number of VUs a ramping-vus scenario wants at a given time: linear through the stages, rounded down.</summary>
public sealed class VuRamp
{
    private readonly int _startVus;
    private readonly IReadOnlyList<Stage> _stages;

    /// <summary>Creates the ramp.</summary>
    public VuRamp(int startVus, IReadOnlyList<Stage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        _startVus = startVus;
        _stages = stages;
    }

    /// <summary>VUs wanted at <paramref name="elapsed"/> since the scenario started.</summary>
    public int VusAt(TimeSpan elapsed)
    {
        double from = _startVus;
        var stageStart = TimeSpan.Zero;
        foreach (var stage in _stages)
        {
            var stageEnd = stageStart + stage.Duration;
            if (elapsed < stageEnd)
            {
                var fraction = stage.Duration <= TimeSpan.Zero ? 1 : (elapsed - stageStart) / stage.Duration;
                return (int)Math.Floor(from + ((stage.Target - from) * fraction) + 1e-9);
            }

            from = stage.Target;
            stageStart = stageEnd;
        }

        return (int)Math.Floor(from + 1e-9);
    }
}

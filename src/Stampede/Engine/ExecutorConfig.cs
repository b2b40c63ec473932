namespace Stampede.Engine;

/// <summary>
/// A pure, validated description of how a scenario's iterations are scheduled, with k6's names and
/// semantics. Executors (the runtime) are created from it by the <c>Runner</c>.
/// </summary>
public abstract record ExecutorConfig
{
    /// <summary>The executor's k6 name, e.g. <c>constant-arrival-rate</c>.</summary>
    public abstract string Name { get; }

    /// <summary>True for arrival-rate executors: iterations start on a schedule, whatever the target does.</summary>
    public virtual bool OpenModel => false;

    /// <summary>Delay from the start of the run before this scenario starts. Default 0.</summary>
    public TimeSpan StartTime { get; init; }

    /// <summary>How long in-flight iterations may finish after the scenario's time is up before they are cancelled. Default 30 s.</summary>
    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest the scenario can run, without <see cref="GracefulStop"/>.</summary>
    public abstract TimeSpan MaxDuration { get; }

    /// <summary>The most VUs the scenario can use at once.</summary>
    public abstract int PeakVus { get; }

    /// <summary>Every problem with the settings, each naming the field, the value and the fix. Empty when valid.</summary>
    public virtual IEnumerable<string> Validate()
    {
        if (StartTime < TimeSpan.Zero)
        {
            yield return $"startTime must not be negative (got {StartTime})";
        }

        if (GracefulStop < TimeSpan.Zero)
        {
            yield return $"gracefulStop must not be negative (got {GracefulStop})";
        }
    }

    /// <summary>The settings in a few words, for summaries (<c>50 VUs for 30s</c>).</summary>
    public abstract string Describe();

    private protected static IEnumerable<string> Positive(string field, double value)
    {
        if (!(value > 0))
        {
            yield return $"{field} must be greater than 0 (got {value})";
        }
    }

    private protected static IEnumerable<string> PositiveDuration(string field, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            yield return $"{field} must be a positive duration such as 30s (got {value})";
        }
    }

    private protected static IEnumerable<string> ValidateStages(IReadOnlyList<Stage> stages, string unit)
    {
        if (stages.Count == 0)
        {
            yield return "stages must list at least one stage, e.g. [{ duration: 30s, target: 10 }]";
        }

        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i].Duration < TimeSpan.Zero)
            {
                yield return $"stages[{i}].duration must not be negative (got {stages[i].Duration})";
            }

            if (stages[i].Target < 0 || double.IsNaN(stages[i].Target))
            {
                yield return $"stages[{i}].target must be 0 or more {unit} (got {stages[i].Target})";
            }
        }
    }

    private protected static TimeSpan Sum(IReadOnlyList<Stage> stages)
    {
        var total = TimeSpan.Zero;
        foreach (var stage in stages)
        {
            total += stage.Duration;
        }

        return total;
    }

    /// <summary>Formats a duration the way users write them: 500ms, 30s, 2m, 1h30m.</summary>
    protected static string Format(TimeSpan value) => Durations.Format(value);
}

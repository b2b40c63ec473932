using System.Collections.Concurrent;
using Stampede.Metrics;

namespace Stampede.Engine;

/// <summary>A scenario while it runs: its tags, its recorder and per-scenario caches shared by its VUs.</summary>
public sealed class ScenarioContext
{
    private readonly ConcurrentDictionary<object, int> _series = new(ReferenceEqualityComparer.Instance);

    internal ScenarioContext(Scenario scenario, int index, TagSet planTags, MetricsRecorder recorder)
    {
        Scenario = scenario;
        Index = index;
        Recorder = recorder;
        Tags = TagSet.Of(planTags.Tags.Concat(scenario.Tags.Tags).Append(KeyValuePair.Create("scenario", scenario.Name)));
        SeriesId = recorder.Tags.Intern(Tags);
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>Its position in the plan.</summary>
    public int Index { get; }

    /// <summary>Plan tags + scenario tags + <c>scenario:name</c>.</summary>
    public TagSet Tags { get; }

    /// <summary>Interned id of <see cref="Tags"/> (iteration metrics are recorded under it).</summary>
    public int SeriesId { get; }

    /// <summary>Where the scenario's VUs record.</summary>
    public MetricsRecorder Recorder { get; }

    /// <summary>True for arrival-rate executors.</summary>
    public bool OpenModel => Scenario.Executor.OpenModel;

    /// <summary>
    /// The interned series id for a step (any object that stays the same across iterations, such as a
    /// request definition), computing its tags once with <paramref name="tags"/>.
    /// </summary>
    public int SeriesFor<TStep>(TStep step, Func<TStep, TagSet, TagSet> tags)
        where TStep : class
    {
        if (_series.TryGetValue(step, out var id))
        {
            return id;
        }

        ArgumentNullException.ThrowIfNull(tags);
        id = Recorder.Tags.Intern(tags(step, Tags));
        _series.TryAdd(step, id);
        return id;
    }
}

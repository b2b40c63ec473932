using System.Collections.ObjectModel;

namespace Stampede.Scenarios;

/// <summary>How a scenario file is loaded.</summary>
public sealed record ScenarioLoadOptions
{
    /// <summary>
    /// Values for <c>{{ env.NAME }}</c> in templates (<c>-e KEY=VALUE</c>, <c>--env-file</c>). They win over the
    /// process environment, which is consulted for names not given here. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// The folder relative paths (TLS files) resolve against. Default: the scenario file's folder for
    /// <see cref="ScenarioLoader.Load"/>, the current directory for <see cref="ScenarioLoader.Parse"/>.
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>This generator's segment (0-based) of a distributed run: data files are split into
    /// <see cref="SegmentCount"/> contiguous parts and this segment feeds only its own. Default 0.</summary>
    public int SegmentIndex { get; init; }

    /// <summary>How many segments the run has. Default 1 (not distributed).</summary>
    public int SegmentCount { get; init; } = 1;
}

using System.Collections.ObjectModel;

namespace Stampede.Scenarios;

/// <summary>How a scenario file is loaded.</summary>
public sealed record ScenarioLoadOptions
{
    /// <summary>
    /// Variables the file may refer to (<c>-e KEY=VALUE</c>). Default empty. Reserved for templates,
    /// which a later version of the format adds; the first form does not read it yet.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// The folder relative paths (TLS files) resolve against. Default: the scenario file's folder for
    /// <see cref="ScenarioLoader.Load"/>, the current directory for <see cref="ScenarioLoader.Parse"/>.
    /// </summary>
    public string? BaseDirectory { get; init; }
}

namespace Stampede.Scenarios.Data;

/// <summary>The scenario-file names of the <see cref="DataStrategy"/> values.</summary>
public static class DataStrategies
{
    private static readonly string[] NameList = ["sequential", "random", "unique-per-vu", "circular"];

    /// <summary>Every name, in the order of the <see cref="DataStrategy"/> values.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(NameList);

    /// <summary>
    /// Reads a strategy name as written in a scenario file. Names match exactly (lower case, with a
    /// hyphen in <c>unique-per-vu</c>), as executor names do.
    /// </summary>
    /// <param name="text">The name, for example <c>unique-per-vu</c>.</param>
    /// <param name="strategy">The strategy, or <see cref="DataStrategy.Sequential"/> when the name is unknown.</param>
    /// <returns>True when <paramref name="text"/> is one of <see cref="Names"/>.</returns>
    public static bool TryParse(string? text, out DataStrategy strategy)
    {
        var index = Array.IndexOf(NameList, text);
        strategy = index < 0 ? DataStrategy.Sequential : (DataStrategy)index;
        return index >= 0;
    }

    /// <summary>The scenario-file name of <paramref name="strategy"/>, for example <c>unique-per-vu</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="strategy"/> is not a defined value.</exception>
    public static string Name(DataStrategy strategy) =>
        (uint)strategy < (uint)NameList.Length
            ? NameList[(int)strategy]
            : throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "not a defined DataStrategy value");

    /// <summary>A hint for an unknown strategy name: the closest valid name, or the list of them.</summary>
    public static string Hint(string? text) => Suggestions.Hint(text ?? "", NameList);
}

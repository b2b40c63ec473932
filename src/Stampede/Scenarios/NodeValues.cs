using System.Globalization;
using Stampede.Engine;

namespace Stampede.Scenarios;

/// <summary>
/// Converts nodes to typed values. Each conversion reports "{path}: expected …, got …" with a hint at the
/// node and returns null, so a caller can keep going and find the next mistake.
/// </summary>
internal static class NodeValues
{
    private const string DurationHint = "write it like 500ms, 30s, 2m or 1h30m";

    public static string? Text(SourceNode node, string path, ScenarioDiagnostics diagnostics)
    {
        if (node is ScalarNode { IsNull: false } scalar)
        {
            return scalar.Value;
        }

        diagnostics.Add(node, $"{path}: expected text, got {node.Describe()}");
        return null;
    }

    public static int? Int(SourceNode node, string path, ScenarioDiagnostics diagnostics) =>
        node is ScalarNode scalar && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : Fail<int>(node, path, "a whole number", "for example 10", diagnostics);

    public static long? Long(SourceNode node, string path, ScenarioDiagnostics diagnostics) =>
        node is ScalarNode scalar && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : Fail<long>(node, path, "a whole number", "for example 100", diagnostics);

    public static double? Number(SourceNode node, string path, ScenarioDiagnostics diagnostics) =>
        node is ScalarNode scalar && double.TryParse(scalar.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out var value)
            ? value
            : Fail<double>(node, path, "a number", "for example 10 or 2.5", diagnostics);

    public static bool? Bool(SourceNode node, string path, ScenarioDiagnostics diagnostics)
    {
        if (node is ScalarNode scalar)
        {
            if (scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (scalar.Value.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return Fail<bool>(node, path, "true or false", "write true or false", diagnostics);
    }

    public static TimeSpan? Duration(SourceNode node, string path, ScenarioDiagnostics diagnostics) =>
        node is ScalarNode scalar && Durations.TryParse(scalar.Value, out var value)
            ? value
            : Fail<TimeSpan>(node, path, "a duration", DurationHint, diagnostics);

    /// <summary>A rate: a bare positive count (per <c>timeUnit</c>) or <c>200/s</c>, which carries its own unit.</summary>
    public static (double Count, TimeSpan? Unit)? Rate(SourceNode node, string path, ScenarioDiagnostics diagnostics)
    {
        if (node is ScalarNode scalar && Rates.TryParse(scalar.Value, out var count, out var unit))
        {
            return (count, scalar.Value.Contains('/', StringComparison.Ordinal) ? unit : null);
        }

        diagnostics.Add(node, $"{path}: expected a positive rate, got {node.Describe()}", "write a count per timeUnit such as 200, or 200/s, 60/m, 5/100ms");
        return null;
    }

    public static MappingNode? Mapping(SourceNode node, string path, ScenarioDiagnostics diagnostics)
    {
        if (node is MappingNode mapping)
        {
            return mapping;
        }

        diagnostics.Add(node, $"{path}: expected a mapping of `key: value` lines, got {node.Describe()}");
        return null;
    }

    public static SequenceNode? Sequence(SourceNode node, string path, ScenarioDiagnostics diagnostics)
    {
        if (node is SequenceNode sequence)
        {
            return sequence;
        }

        diagnostics.Add(node, $"{path}: expected a list, got {node.Describe()}", "start each item with `- ` or write [a, b]");
        return null;
    }

    /// <summary>A mapping of names to text (headers, tags); numbers and booleans are taken as written.</summary>
    public static List<KeyValuePair<ScalarNode, string>>? TextMap(SourceNode node, string path, ScenarioDiagnostics diagnostics)
    {
        if (node is ScalarNode { IsNull: true })
        {
            return [];
        }

        if (Mapping(node, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var result = new List<KeyValuePair<ScalarNode, string>>(mapping.Entries.Count);
        foreach (var (key, value) in mapping.Entries)
        {
            if (value is ScalarNode scalar)
            {
                result.Add(new(key, scalar.IsNull ? "" : scalar.Value));
            }
            else
            {
                diagnostics.Add(value, $"{path}.{key.Value}: expected text, got {value.Describe()}", "quote the value");
            }
        }

        return result;
    }

    private static T? Fail<T>(SourceNode node, string path, string expected, string hint, ScenarioDiagnostics diagnostics)
        where T : struct
    {
        diagnostics.Add(node, $"{path}: expected {expected}, got {node.Describe()}", hint);
        return null;
    }
}

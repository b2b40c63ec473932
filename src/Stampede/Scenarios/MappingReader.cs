using Stampede.Engine;

namespace Stampede.Scenarios;

/// <summary>
/// Reads the fields of one mapping at a known path ("scenarios.browse"), reporting unknown keys with a
/// suggestion from the keys valid at that place, and type errors at the value. Each section of the
/// format declares its keys here, so extending the format is adding a key and a read. The binders' key
/// lists are internal so that SchemaCompletenessTests can hold docs/schema/stampede.schema.json to them.
/// </summary>
internal sealed class MappingReader(MappingNode node, string path, SourceNode owner, ScenarioDiagnostics diagnostics)
{
    public MappingReader(MappingNode node, string path, ScenarioDiagnostics diagnostics)
        : this(node, path, node, diagnostics)
    {
    }

    public MappingNode Node { get; } = node;

    public string Path { get; } = path;

    /// <summary>Where errors about missing keys point: the key that names this mapping, or the mapping itself.</summary>
    public SourceNode Owner { get; } = owner;

    public ScenarioDiagnostics Diagnostics { get; } = diagnostics;

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => Node.Find(key) is not null;

    public SourceNode? this[string key] => Node.Find(key);

    /// <summary>Reports every key not in <paramref name="allowed"/>. <paramref name="explain"/> may give a
    /// better message than "unknown key" (a field of another executor, a feature not supported yet).</summary>
    public void CheckKeys(IReadOnlyCollection<string> allowed, Func<string, string?>? explain = null)
    {
        foreach (var (key, _) in Node.Entries)
        {
            if (allowed.Contains(key.Value))
            {
                continue;
            }

            if (explain?.Invoke(key.Value) is { } message)
            {
                Diagnostics.Add(key, $"{Path}: {message}");
            }
            else
            {
                var where = Path.Length == 0 ? "at the top level" : $"in {Path}";
                Diagnostics.Add(key, $"unknown key `{key.Value}` {where}", Suggestions.Hint(key.Value, allowed));
            }
        }
    }

    /// <summary>Reports a required key that is absent; true when present.</summary>
    public bool Require(string key, string message, string? hint = null)
    {
        if (Has(key))
        {
            return true;
        }

        Diagnostics.Add(Owner, $"{Path}: {message}", hint);
        return false;
    }

    public string? Text(string key) => this[key] is { } n ? NodeValues.Text(n, PathOf(key), Diagnostics) : null;

    public int? Int(string key) => this[key] is { } n ? NodeValues.Int(n, PathOf(key), Diagnostics) : null;

    public long? Long(string key) => this[key] is { } n ? NodeValues.Long(n, PathOf(key), Diagnostics) : null;

    public double? Number(string key) => this[key] is { } n ? NodeValues.Number(n, PathOf(key), Diagnostics) : null;

    public bool? Bool(string key) => this[key] is { } n ? NodeValues.Bool(n, PathOf(key), Diagnostics) : null;

    public TimeSpan? Duration(string key) => this[key] is { } n ? NodeValues.Duration(n, PathOf(key), Diagnostics) : null;

    /// <summary>A duration that must be greater than zero (timeouts).</summary>
    public TimeSpan? PositiveDuration(string key)
    {
        var value = Duration(key);
        if (value is { } v && v <= TimeSpan.Zero)
        {
            Diagnostics.Add(this[key]!, $"{PathOf(key)}: must be longer than 0s, got '{Durations.Format(v)}'", "for example 30s");
            return null;
        }

        return value;
    }

    public List<KeyValuePair<ScalarNode, string>>? TextMap(string key) =>
        this[key] is { } n ? NodeValues.TextMap(n, PathOf(key), Diagnostics) : null;

    /// <summary>A nested mapping; an explicitly empty value (<c>tls:</c>) reads as absent.</summary>
    public MappingReader? Mapping(string key)
    {
        if (this[key] is not { } n || n is ScalarNode { IsNull: true })
        {
            return null;
        }

        return NodeValues.Mapping(n, PathOf(key), Diagnostics) is { } mapping
            ? new MappingReader(mapping, PathOf(key), Node.FindKey(key)!, Diagnostics)
            : null;
    }
}

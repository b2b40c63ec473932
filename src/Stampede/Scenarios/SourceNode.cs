namespace Stampede.Scenarios;

/// <summary>
/// A YAML node with the 1-based position it came from. The loader binds these, not YamlDotNet's types,
/// so every error can point at the exact key or value and duplicate keys survive to be reported.
/// </summary>
internal abstract class SourceNode
{
    protected SourceNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>
    /// The file the node was read from, as errors name it: a fragment pulled in by <c>include:</c> names its
    /// own file. Null means the file being loaded (<see cref="ScenarioDiagnostics.File"/>).
    /// </summary>
    public string? File { get; init; }

    /// <summary>The node as an error message shows what was found: <c>'ten'</c>, <c>a list</c>, <c>nothing</c>.</summary>
    public abstract string Describe();
}

/// <summary>A scalar. <see cref="IsPlain"/> is false for quoted or explicitly tagged text.</summary>
internal sealed class ScalarNode(int line, int column, string value, bool isPlain) : SourceNode(line, column)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    /// <summary>YAML's null: an empty plain value, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "nothing" : $"'{Value}'";
}

/// <summary>A list.</summary>
internal sealed class SequenceNode(int line, int column, IReadOnlyList<SourceNode> items) : SourceNode(line, column)
{
    public IReadOnlyList<SourceNode> Items { get; } = items;

    public override string Describe() => "a list";
}

/// <summary>A mapping whose keys are scalars, in file order, without duplicates (those are reported when read).</summary>
internal sealed class MappingNode(int line, int column, IReadOnlyList<KeyValuePair<ScalarNode, SourceNode>> entries) : SourceNode(line, column)
{
    public IReadOnlyList<KeyValuePair<ScalarNode, SourceNode>> Entries { get; } = entries;

    public SourceNode? Find(string key)
    {
        foreach (var (k, v) in Entries)
        {
            if (k.Value == key)
            {
                return v;
            }
        }

        return null;
    }

    public ScalarNode? FindKey(string key)
    {
        foreach (var (k, _) in Entries)
        {
            if (k.Value == key)
            {
                return k;
            }
        }

        return null;
    }

    public override string Describe() => "a mapping";
}

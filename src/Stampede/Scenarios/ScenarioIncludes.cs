namespace Stampede.Scenarios;

/// <summary>
/// Expands the root key <c>include:</c>: each listed fragment is read (with its own includes), the fragments are
/// merged in order, and the including file is merged over them. Mappings merge key by key; anything else (lists,
/// scalars, a mapping against a non-mapping) is replaced by the later value. Nodes keep the file they came from, so
/// errors found while binding point into the fragment.
/// </summary>
internal sealed class ScenarioIncludes
{
    public const string Key = "include";

    private const string Arrow = " → ";

    /// <summary>The keys under <c>options.tls</c> that name files; in a fragment they are relative to the fragment.</summary>
    private static readonly string[] TlsPathKeys = ["ca", "cert", "key"];

    private readonly ScenarioDiagnostics _diagnostics;
    private readonly bool _relativeNames;
    private readonly List<Frame> _chain = [];
    private readonly Dictionary<string, MappingNode?> _expanded = new(StringComparer.Ordinal);

    private ScenarioIncludes(ScenarioDiagnostics diagnostics, bool relativeNames)
    {
        _diagnostics = diagnostics;
        _relativeNames = relativeNames;
    }

    /// <summary>
    /// The root with its includes expanded and the <c>include</c> key removed; a root that is not a mapping is
    /// returned as it is (binding reports it). Problems with includes are reported and the rest is still merged.
    /// </summary>
    /// <param name="root">The loaded file's root node.</param>
    /// <param name="fullPath">The loaded file's full path, or null for text held in memory.</param>
    /// <param name="directory">The folder the root's include paths are relative to.</param>
    /// <param name="relativeNames">Name fragments in errors relative to the current directory (the user named the file that way) rather than by full path.</param>
    /// <param name="diagnostics">Where problems go.</param>
    public static SourceNode Expand(SourceNode root, string? fullPath, string directory, bool relativeNames, ScenarioDiagnostics diagnostics)
    {
        if (root is not MappingNode mapping)
        {
            return root;
        }

        var includes = new ScenarioIncludes(diagnostics, relativeNames);
        includes._chain.Add(new Frame(diagnostics.File, fullPath, directory));
        return includes.ExpandMapping(mapping);
    }

    /// <summary>
    /// Merges <paramref name="over"/> onto <paramref name="under"/>, the rule documented in docs/scenarios.md, "Includes":
    /// mappings merge key by key, anything else is replaced, and a null in <paramref name="over"/> removes the key.
    /// </summary>
    public static MappingNode Merge(MappingNode under, MappingNode over)
    {
        var entries = new List<KeyValuePair<ScalarNode, SourceNode>?>(under.Entries.Count + over.Entries.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in under.Entries)
        {
            index[entry.Key.Value] = entries.Count;
            entries.Add(entry);
        }

        foreach (var (key, value) in over.Entries)
        {
            if (!index.TryGetValue(key.Value, out var at))
            {
                index[key.Value] = entries.Count;
                entries.Add(new(key, value));
            }
            else if (value is ScalarNode { IsNull: true })
            {
                // Removed rather than set to null, so no check of the merged file sees the key at all.
                entries[at] = null;
            }
            else
            {
                entries[at] = new(key, entries[at]?.Value is MappingNode lower && value is MappingNode upper ? Merge(lower, upper) : value);
            }
        }

        return new MappingNode(over.Line, over.Column, [.. entries.OfType<KeyValuePair<ScalarNode, SourceNode>>()]) { File = over.File };
    }

    private MappingNode ExpandMapping(MappingNode mapping)
    {
        var includeNode = mapping.Find(Key);
        if (includeNode is null)
        {
            return mapping;
        }

        MappingNode? merged = null;
        foreach (var entry in Entries(includeNode))
        {
            if (Fragment(entry) is { } fragment)
            {
                merged = merged is null ? fragment : Merge(merged, fragment);
            }
        }

        var own = new MappingNode(mapping.Line, mapping.Column, [.. mapping.Entries.Where(e => e.Key.Value != Key)]) { File = mapping.File };
        return merged is null ? own : Merge(merged, own);
    }

    /// <summary>The path entries of <c>include:</c>: one path or a list of paths; an empty value includes nothing.</summary>
    private List<ScalarNode> Entries(SourceNode node)
    {
        const string Hint = "write a path relative to this file, e.g. `include: shared/auth.yaml`, or a list, `include: [base.yaml, auth.yaml]`";
        var entries = new List<ScalarNode>();
        switch (node)
        {
            case ScalarNode { IsNull: true }:
                break;
            case ScalarNode scalar:
                AddEntry(scalar, Key);
                break;
            case SequenceNode sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (sequence.Items[i] is ScalarNode { IsNull: false } item)
                    {
                        AddEntry(item, $"{Key}[{i}]");
                    }
                    else
                    {
                        _diagnostics.Add(sequence.Items[i], $"{Key}[{i}]: expected a file path, got {sequence.Items[i].Describe()}", Hint);
                    }
                }

                break;
            default:
                _diagnostics.Add(node, $"{Key}: expected a file path or a list of paths, got {node.Describe()}", Hint);
                break;
        }

        return entries;

        void AddEntry(ScalarNode scalar, string path)
        {
            if (string.IsNullOrWhiteSpace(scalar.Value) || scalar.Value.Contains('\0', StringComparison.Ordinal))
            {
                _diagnostics.Add(scalar, $"{path}: {scalar.Describe()} is not a file path", Hint);
            }
            else
            {
                entries.Add(scalar);
            }
        }
    }

    /// <summary>Reads, checks and expands the fragment an include entry names; null when it cannot be used (reported).</summary>
    private MappingNode? Fragment(ScalarNode entry)
    {
        var including = _chain[^1];
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(Path.Combine(including.Directory, entry.Value));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            _diagnostics.Add(entry, $"{Key}: '{entry.Value}' is not a valid path: {ex.Message}");
            return null;
        }

        var name = _relativeNames ? Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath) : fullPath;
        var repeated = _chain.FindIndex(f => string.Equals(f.FullPath, fullPath, StringComparison.Ordinal));
        if (repeated >= 0)
        {
            var cycle = string.Join(Arrow, _chain.Skip(repeated).Select(f => f.Name)) + Arrow + name;
            _diagnostics.Add(entry, $"{Key}: the includes form a cycle: {cycle}",
                "a file cannot include itself, directly or through other fragments; remove one of these includes");
            return null;
        }

        if (_expanded.TryGetValue(fullPath, out var done))
        {
            return done;
        }

        var fragment = Read(entry, fullPath, name, out var wasRead);
        if (fragment is not null)
        {
            _chain.Add(new Frame(name, fullPath, Path.GetDirectoryName(fullPath) ?? including.Directory));
            fragment = ExpandMapping(RebasePaths(fragment, _chain[^1].Directory));
            _chain.RemoveAt(_chain.Count - 1);
        }

        // A fragment included twice (a diamond, not a cycle) is read once, so its mistakes are reported once;
        // a file that could not be read is not remembered, so each entry naming it gets its own error.
        if (wasRead)
        {
            _expanded[fullPath] = fragment;
        }

        return fragment;
    }

    private MappingNode? Read(ScalarNode entry, string fullPath, string name, out bool wasRead)
    {
        wasRead = false;
        var hint = $"include paths are relative to the folder of the file that includes them, here {_chain[^1].Directory}";
        string yaml;
        try
        {
            if (Directory.Exists(fullPath))
            {
                _diagnostics.Add(entry, $"{Key}: '{entry.Value}' is a folder, not a file (looked for {fullPath})", hint);
                return null;
            }

            yaml = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : ex.Message;
            _diagnostics.Add(entry, $"{Key}: cannot read '{entry.Value}': {reason} (looked for {fullPath})", hint);
            return null;
        }

        wasRead = true;
        _diagnostics.Register(name);
        switch (SourceReader.Read(yaml, name, _diagnostics, fragment: true))
        {
            case MappingNode mapping:
                return mapping;
            case ScalarNode { IsNull: true } empty:
                return new MappingNode(empty.Line, empty.Column, []) { File = name };
            case { } other:
                _diagnostics.Add(other, $"the included file must be a mapping of top-level keys (options, scenarios, include), got {other.Describe()}",
                    $"it is included from {_chain[^1].Name}:{entry.Line}:{entry.Column}; write it like a scenario file, e.g. `options: {{ baseUrl: https://api.test }}`");
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Files named in a fragment are relative to the fragment's folder, as a team sharing a fragment next to its
    /// files expects: TLS files (<c>options.tls.ca/cert/key</c>), data sources (<c>data.NAME</c> or
    /// <c>data.NAME.file</c>) and request bodies (a request step's <c>file:</c>, at any depth of a flow). The binders resolve
    /// relative paths against the root file's folder, so they are made absolute here.
    /// </summary>
    private static MappingNode RebasePaths(MappingNode fragment, string directory)
    {
        var rebased = fragment;
        if (rebased.Find("options") is MappingNode options && options.Find("tls") is MappingNode tls)
        {
            var tlsRebased = tls;
            foreach (var key in TlsPathKeys)
            {
                tlsRebased = RebaseEntry(tlsRebased, key, directory);
            }

            rebased = ReferenceEquals(tlsRebased, tls) ? rebased : Replace(rebased, "options", Replace(options, "tls", tlsRebased));
        }

        if (rebased.Find("data") is MappingNode data)
        {
            var dataRebased = data;
            foreach (var entry in data.Entries)
            {
                dataRebased = entry.Value is MappingNode source
                    ? ReplaceIfChanged(dataRebased, entry.Key.Value, source, RebaseEntry(source, "file", directory))
                    : RebaseEntry(dataRebased, entry.Key.Value, directory);
            }

            rebased = ReplaceIfChanged(rebased, "data", data, dataRebased);
        }

        if (rebased.Find("scenarios") is MappingNode scenarios)
        {
            var scenariosRebased = scenarios;
            foreach (var entry in scenarios.Entries)
            {
                if (entry.Value is MappingNode scenario)
                {
                    var scenarioRebased = Steps(scenario, "flow", directory);
                    scenariosRebased = ReplaceIfChanged(scenariosRebased, entry.Key.Value, scenario, scenarioRebased);
                }
            }

            rebased = ReplaceIfChanged(rebased, "scenarios", scenarios, scenariosRebased);
        }

        return rebased;
    }

    // A list of flow steps: a request step's `file:`, and the steps nested in group, repeat, foreach and if.
    private static MappingNode Steps(MappingNode parent, string key, string directory) =>
        parent.Find(key) is SequenceNode steps ? ReplaceIfChanged(parent, key, steps, Each(steps, step => Step(step, directory))) : parent;

    private static SourceNode Step(SourceNode step, string directory)
    {
        if (step is not MappingNode mapping || mapping.Entries.Count != 1 || mapping.Entries[0].Value is not MappingNode body)
        {
            return step;
        }

        var kind = mapping.Entries[0].Key.Value;
        var rebased = kind switch
        {
            "request" => RebaseEntry(body, "file", directory),
            "group" or "repeat" or "foreach" => Steps(body, "steps", directory),
            "if" => Steps(Steps(body, "then", directory), "else", directory),
            _ => body,
        };
        return ReplaceIfChanged(mapping, kind, body, rebased);
    }

    private static SequenceNode Each(SequenceNode sequence, Func<SourceNode, SourceNode> rebase)
    {
        var items = sequence.Items.Select(rebase).ToList();
        return items.Zip(sequence.Items).All(pair => ReferenceEquals(pair.First, pair.Second))
            ? sequence
            : new SequenceNode(sequence.Line, sequence.Column, items) { File = sequence.File };
    }

    // The mapping with its scalar `key` made absolute against `directory` when it is a relative path.
    private static MappingNode RebaseEntry(MappingNode mapping, string key, string directory)
    {
        if (mapping.Find(key) is ScalarNode { IsNull: false } path && path.Value.Length > 0 && !path.Value.Contains('\0', StringComparison.Ordinal)
            && !Path.IsPathRooted(path.Value))
        {
            var absolute = new ScalarNode(path.Line, path.Column, Path.GetFullPath(Path.Combine(directory, path.Value)), path.IsPlain) { File = path.File };
            return Replace(mapping, key, absolute);
        }

        return mapping;
    }

    private static MappingNode ReplaceIfChanged(MappingNode mapping, string key, SourceNode before, SourceNode after) =>
        ReferenceEquals(before, after) ? mapping : Replace(mapping, key, after);

    private static MappingNode Replace(MappingNode mapping, string key, SourceNode value) =>
        new(mapping.Line, mapping.Column, [.. mapping.Entries.Select(e => e.Key.Value == key ? new KeyValuePair<ScalarNode, SourceNode>(e.Key, value) : e)])
        {
            File = mapping.File,
        };

    /// <summary>A file on the include chain: its name in errors, its full path (null for text in memory) and its folder.</summary>
    private sealed record Frame(string Name, string? FullPath, string Directory);
}

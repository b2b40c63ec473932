namespace Stampede.Scenarios.Templates;

/// <summary>
/// What templates of one scenario may refer to, collected while the scenario is bound: its variables
/// (each gets a slot in the VU's variable array), its data sources and the environment. Variables may be
/// used before the step that sets them appears (a later iteration has them), so uses are checked against
/// definitions once the whole scenario is read (<see cref="ReportUndefined"/>).
/// </summary>
internal sealed class TemplateScope
{
    /// <summary>Names an expression cannot use as a variable: they mean something already.</summary>
    public static readonly IReadOnlyList<string> Reserved = ["vu", "iteration", "env"];

    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private readonly List<(string Name, SourceNode At, string Path)> _uses = [];
    private readonly Dictionary<string, (int Index, IReadOnlyList<string> Columns)> _data = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly HashSet<int> _usedData = [];

    public TemplateScope(IReadOnlyDictionary<string, string> environment)
    {
        _environment = environment;
    }

    /// <summary>How many variable slots a VU needs.</summary>
    public int SlotCount => _slots.Count;

    /// <summary>Data sources by index, in the order they were added.</summary>
    public int DataCount => _data.Count;

    /// <summary>Makes a data source's fields usable as <c>name.column</c>.</summary>
    public void AddData(string name, IReadOnlyList<string> columns) => _data[name] = (_data.Count, columns);

    public bool TryGetData(string name, out int index, out IReadOnlyList<string> columns)
    {
        if (_data.TryGetValue(name, out var data))
        {
            (index, columns) = data;
            return true;
        }

        (index, columns) = (-1, []);
        return false;
    }

    public IEnumerable<string> DataNames => _data.Keys;

    /// <summary>Indexes of the data sources a template reads: only these hand a row to each iteration.</summary>
    public int[] UsedData => [.. _usedData.Order()];

    /// <summary>Records that a template reads data source <paramref name="index"/>.</summary>
    public void MarkDataUsed(int index) => _usedData.Add(index);

    /// <summary>The slot of a variable that a step sets.</summary>
    public int Define(string name)
    {
        _defined.Add(name);
        return Slot(name);
    }

    /// <summary>The slot of a variable an expression reads; checked by <see cref="ReportUndefined"/>.</summary>
    public int Use(string name, SourceNode at, string path)
    {
        _uses.Add((name, at, path));
        return Slot(name);
    }

    /// <summary>An environment value: <c>-e</c>/<c>--env-file</c> first, then the process environment.</summary>
    public string? Environment(string name) =>
        _environment.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);

    /// <summary>Reports every variable read by a template but set by no step.</summary>
    public void ReportUndefined(ScenarioDiagnostics diagnostics)
    {
        var candidates = _defined.Concat(_data.Keys).Concat(Reserved).ToArray();
        foreach (var (name, at, path) in _uses)
        {
            if (_defined.Contains(name))
            {
                continue;
            }

            var suggestion = Suggestions.Closest(name, candidates);
            diagnostics.Add(at, $"{path}: variable `{name}` is used but never set",
                suggestion is not null ? $"did you mean `{suggestion}`?"
                    : "set it with a `set` or `extract` step, or feed it from `data`; environment values are `env.NAME`");
        }
    }

    private int Slot(string name)
    {
        if (!_slots.TryGetValue(name, out var slot))
        {
            slot = _slots.Count;
            _slots[name] = slot;
        }

        return slot;
    }
}

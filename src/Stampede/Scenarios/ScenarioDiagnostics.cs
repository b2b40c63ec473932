namespace Stampede.Scenarios;

/// <summary>
/// Collects errors while a file and the fragments it includes are read and bound, so the user sees every
/// problem in one run. Each error names the file its node came from.
/// </summary>
internal sealed class ScenarioDiagnostics
{
    private readonly List<ScenarioError> _errors = [];
    private readonly Dictionary<string, int> _fileOrder = new(StringComparer.Ordinal);

    public ScenarioDiagnostics(string file)
    {
        File = file;
        Register(file);
    }

    /// <summary>The file being loaded; errors at a node without a file of its own are reported here.</summary>
    public string File { get; }

    public int Count => _errors.Count;

    /// <summary>Notes a file as read, so its errors sort after those of the files read before it.</summary>
    public void Register(string file) => _fileOrder.TryAdd(file, _fileOrder.Count);

    public void Add(SourceNode at, string message, string? hint = null) => Add(at.File ?? File, at.Line, at.Column, message, hint);

    public void Add(int line, int column, string message, string? hint = null) => Add(File, line, column, message, hint);

    public void Add(string file, int line, int column, string message, string? hint = null)
    {
        Register(file);
        _errors.Add(new ScenarioError(file, Math.Max(1, line), Math.Max(1, column), message, hint));
    }

    /// <summary>
    /// The errors file by file (the loaded file first, then fragments in the order they were read), each file's
    /// in line order; errors at the same place keep the order they were found in.
    /// </summary>
    public IReadOnlyList<ScenarioError> Sorted() =>
        [.. _errors.Select((e, i) => (e, i)).OrderBy(x => _fileOrder[x.e.File]).ThenBy(x => x.e.Line).ThenBy(x => x.e.Column)
            .ThenBy(x => x.i).Select(x => x.e)];
}

namespace Stampede.Scenarios;

/// <summary>Collects errors while a file is read and bound, so the user sees every problem in one run.</summary>
internal sealed class ScenarioDiagnostics(string file)
{
    private readonly List<ScenarioError> _errors = [];

    public string File { get; } = file;

    public int Count => _errors.Count;

    public void Add(SourceNode at, string message, string? hint = null) => Add(at.Line, at.Column, message, hint);

    public void Add(int line, int column, string message, string? hint = null) =>
        _errors.Add(new ScenarioError(File, Math.Max(1, line), Math.Max(1, column), message, hint));

    /// <summary>The errors in file order; errors at the same place keep the order they were found in.</summary>
    public IReadOnlyList<ScenarioError> Sorted() =>
        [.. _errors.Select((e, i) => (e, i)).OrderBy(x => x.e.Line).ThenBy(x => x.e.Column).ThenBy(x => x.i).Select(x => x.e)];
}

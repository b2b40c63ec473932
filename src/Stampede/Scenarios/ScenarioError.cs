namespace Stampede.Scenarios;

/// <summary>One problem in a scenario file (or a fragment it includes, or an env file), with the 1-based position of the node it concerns.</summary>
/// <param name="File">
/// The file the node came from: the scenario file as the user named it (or the source name given to
/// <see cref="ScenarioLoader.Parse"/>), or a fragment pulled in by <c>include:</c>, named by its path relative to
/// the current directory (its full path when the scenario file was named by a full path).
/// </param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong: the item, the rule and the value found.</param>
/// <param name="Hint">How to fix it, or null when the message already says so.</param>
public sealed record ScenarioError(string File, int Line, int Column, string Message, string? Hint)
{
    /// <summary>The error as one line: <c>file:line:column: message (hint)</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}" + (Hint is null ? "" : $" ({Hint})");
}

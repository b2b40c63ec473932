namespace Stampede.Results;

/// <summary>
/// The interval stream (<c>stampede-stream/1</c>, docs/results-format.md): newline-delimited JSON written while a
/// run goes on — a header, one line per interval, flushed as each interval ends, and an end line when the run
/// finishes. A run killed with <c>kill -9</c> leaves every interval up to its last second.
/// <see cref="ResultsFile.Read"/> reads it like a results file.
/// </summary>
public static class IntervalLog
{
    /// <summary>The stream format this version writes, named by the header line's <c>format</c>.</summary>
    public const string Format = "stampede-stream/1";

    /// <summary>The outcome of a run read from a stream that has no end line: the run did not finish.</summary>
    public const string Incomplete = "incomplete";

    /// <summary>The outcome the header records: the run had not ended when it was written.</summary>
    internal const string Running = "running";

    private static readonly string[] Extensions = [".ndjson", ".jsonl"];

    /// <summary>
    /// True when <paramref name="path"/> names an interval stream rather than a results file: it ends with
    /// <c>.ndjson</c> or <c>.jsonl</c> (any case).
    /// </summary>
    public static bool IsStreamPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var extension in Extensions)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

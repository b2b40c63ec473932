namespace Stampede.Scenarios.Data;

/// <summary>
/// A data file cannot be used: it is missing, unreadable or malformed, or a partition of it would be
/// empty. The message is one line, <c>path:line:column: what is wrong (how to fix it)</c>, so printing
/// it is enough; the parts are also available separately.
/// </summary>
public sealed class DataFileException : Exception
{
    /// <summary>Creates the exception with no position.</summary>
    public DataFileException()
        : this("the data file cannot be used")
    {
    }

    /// <summary>Creates the exception with a message and no position.</summary>
    public DataFileException(string message)
        : base(message)
    {
        Path = "";
        Detail = message;
        Hint = "";
    }

    /// <summary>Creates the exception with a message, the cause and no position.</summary>
    public DataFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "";
        Detail = message;
        Hint = "";
    }

    /// <summary>Creates the exception for a problem at a position in a data file.</summary>
    /// <param name="path">The file as the user named it.</param>
    /// <param name="line">1-based line, or 0 when the problem concerns the whole file.</param>
    /// <param name="column">1-based column (in characters), or 0 when there is no line.</param>
    /// <param name="detail">What is wrong: the rule and the value found.</param>
    /// <param name="hint">How to fix it.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public DataFileException(string path, int line, int column, string detail, string hint, Exception? innerException = null)
        : base(Format(path, line, column, detail, hint), innerException)
    {
        Path = path;
        Line = line;
        Column = column;
        Detail = detail;
        Hint = hint;
    }

    /// <summary>The file as the user named it.</summary>
    public string Path { get; }

    /// <summary>1-based line of the problem; 0 when it concerns the whole file (missing, unreadable, too few rows).</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem, counted in characters; 0 when <see cref="Line"/> is 0.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position and the hint.</summary>
    public string Detail { get; }

    /// <summary>How to fix it.</summary>
    public string Hint { get; }

    private static string Format(string path, int line, int column, string detail, string hint)
    {
        var position = line > 0 ? $"{path}:{line}:{column}" : path;
        return hint.Length == 0 ? $"{position}: {detail}" : $"{position}: {detail} ({hint})";
    }
}

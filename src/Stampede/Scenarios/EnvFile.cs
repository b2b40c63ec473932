using System.Text;

namespace Stampede.Scenarios;

/// <summary>
/// Reads variables from a dotenv file (<c>stampede run --env-file .env</c>) for <see cref="ScenarioLoadOptions.Environment"/>.
/// </summary>
/// <remarks>
/// The format, as docker compose and the dotenv libraries read it:
/// <list type="bullet">
/// <item><c>NAME=value</c> per line; names are <c>[A-Za-z_][A-Za-z0-9_]*</c>; spaces around <c>=</c> and the value are trimmed.</item>
/// <item>Blank lines and lines starting with <c>#</c> are skipped; an <c>export </c> prefix is allowed.</item>
/// <item>An unquoted value ends at <c> #</c> (a comment after whitespace); <c>#</c> inside a word is kept (<c>a#b</c>).</item>
/// <item><c>'single quotes'</c> keep their text as written; <c>"double quotes"</c> read <c>\n</c>, <c>\r</c>, <c>\t</c>,
/// <c>\"</c> and <c>\\</c> escapes (any other backslash is kept). Quoted values may span lines. After the closing quote
/// only a comment may follow.</item>
/// <item>Nothing is expanded: <c>$HOME</c> stays <c>$HOME</c>. A name given twice takes its last value.</item>
/// </list>
/// Every mistake is reported at once with its line and column. No text of the file is repeated in a message except
/// valid names: a line that does not parse may be a secret in the wrong place.
/// </remarks>
public static class EnvFile
{
    private const string Hint = "write NAME=value, e.g. API_TOKEN=abc123";

    /// <summary>Reads the dotenv file at <paramref name="path"/> (relative to the current directory).</summary>
    /// <exception cref="ScenarioValidationException">The file cannot be read or has mistakes; every one is listed.</exception>
    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(Path.GetFullPath(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : ex.Message;
            throw new ScenarioValidationException([new ScenarioError(path, 1, 1, $"cannot read the env file: {reason}",
                "check the path; it is relative to the current directory")]);
        }

        return Parse(text, path);
    }

    /// <summary>Reads dotenv text held in memory; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="ScenarioValidationException">The text has mistakes; every one is listed.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var reader = new Reader(text.StartsWith('\uFEFF') ? text[1..] : text, sourceName);
        reader.ReadAll();
        return reader.Errors.Count > 0 ? throw new ScenarioValidationException(reader.Errors) : reader.Variables;
    }

    /// <summary>Whether <paramref name="name"/> is a valid variable name: a letter or <c>_</c>, then letters, digits or <c>_</c>.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The rule <paramref name="name"/> breaks and the index of the first offending character (0 when the name is
    /// empty). The name itself is not repeated: text that does not parse may be a secret pasted in the wrong place.
    /// </summary>
    internal static (string Rule, int Index) InvalidName(string name)
    {
        const string Rule = "; names are letters, digits and _, not starting with a digit";
        if (name.Length == 0)
        {
            return ("the name before '=' is missing", 0);
        }

        if (char.IsAsciiDigit(name[0]))
        {
            return ("a variable name cannot start with a digit" + Rule, 0);
        }

        var bad = 0;
        while (char.IsAsciiLetterOrDigit(name[bad]) || name[bad] == '_')
        {
            bad++;
        }

        var shown = name[bad] switch { ' ' => "a space", '\t' => "a tab", var c when char.IsControl(c) => "a control character", var c => $"'{c}'" };
        return ($"a variable name cannot contain {shown}" + Rule, bad);
    }

    /// <summary>A cursor over the text: one statement per line, except quoted values, which may run over several.</summary>
    private sealed class Reader(string text, string file)
    {
        private int _position;
        private int _line = 1;
        private int _lineStart;

        public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

        public List<ScenarioError> Errors { get; } = [];

        public void ReadAll()
        {
            while (_position < text.Length)
            {
                ReadStatement();
            }
        }

        private void ReadStatement()
        {
            SkipBlanks();
            if (AtLineEnd() || text[_position] == '#')
            {
                NextLine();
                return;
            }

            if (string.CompareOrdinal(text, _position, "export", 0, 6) == 0 && _position + 6 < text.Length && text[_position + 6] is ' ' or '\t')
            {
                _position += 6;
                SkipBlanks();
            }

            var nameColumn = Column();
            var lineEnd = LineEnd();
            var eq = text.IndexOf('=', _position, lineEnd - _position);
            if (eq < 0)
            {
                Error(nameColumn, "expected NAME=value, but the line has no '='", Hint + "; an empty value is NAME=");
                NextLine();
                return;
            }

            var name = text[_position..eq].TrimEnd(' ', '\t');
            if (!IsValidName(name))
            {
                var (rule, index) = InvalidName(name);
                Error(nameColumn + index, rule, Hint);
                NextLine();
                return;
            }

            _position = eq + 1;
            SkipBlanks();
            var value = !AtLineEnd() && text[_position] is '\'' or '"' ? Quoted(name) : Unquoted(eq + 1);
            if (value is not null)
            {
                Variables[name] = value;
            }

            NextLine();
        }

        /// <summary>The value up to the end of the line or a <c> #</c> comment, trimmed.</summary>
        private string Unquoted(int valueStart)
        {
            var end = LineEnd();
            for (var i = valueStart; i < end; i++)
            {
                if (text[i] == '#' && i > valueStart && text[i - 1] is ' ' or '\t')
                {
                    end = i;
                    break;
                }
            }

            return text[valueStart..end].Trim(' ', '\t', '\r');
        }

        private string? Quoted(string name)
        {
            var quote = text[_position];
            var (openLine, openColumn) = (_line, Column());
            var value = new StringBuilder();
            var i = _position + 1;
            for (; i < text.Length && text[i] != quote; i++)
            {
                var c = text[i];
                if (quote == '"' && c == '\\' && i + 1 < text.Length && text[i + 1] is not ('\n' or '\r'))
                {
                    var escaped = text[++i];
                    value.Append(escaped switch { 'n' => "\n", 'r' => "\r", 't' => "\t", '"' => "\"", '\\' => "\\", _ => "\\" + escaped });
                    continue;
                }

                if (c == '\n')
                {
                    _line++;
                    _lineStart = i + 1;
                    // A file saved with CRLF line ends must not leave \r inside a value that spans lines.
                    if (value.Length > 0 && value[^1] == '\r')
                    {
                        value.Length--;
                    }
                }

                value.Append(c);
            }

            if (i >= text.Length)
            {
                Errors.Add(new ScenarioError(file, openLine, openColumn, $"the value of {name} opens a {QuoteName(quote)} quote that is never closed",
                    $"end the value with {quote}"));
                _position = text.Length;
                return null;
            }

            _position = i + 1;
            SkipBlanks();
            if (!AtLineEnd() && text[_position] != '#')
            {
                Error(Column(), $"unexpected text after the closing quote of {name}'s value",
                    "put the whole value inside the quotes, or start a comment with ' #'");
                return null;
            }

            return value.ToString();
        }

        private static string QuoteName(char quote) => quote == '"' ? "double" : "single";

        private void Error(int column, string message, string? hint) => Errors.Add(new ScenarioError(file, _line, column, message, hint));

        private int Column() => _position - _lineStart + 1;

        private int LineEnd()
        {
            var end = text.IndexOf('\n', _position);
            return end < 0 ? text.Length : end;
        }

        private bool AtLineEnd() => _position >= text.Length || text[_position] == '\n'
            || (text[_position] == '\r' && (_position + 1 >= text.Length || text[_position + 1] == '\n'));

        private void SkipBlanks()
        {
            while (_position < text.Length && text[_position] is ' ' or '\t')
            {
                _position++;
            }
        }

        private void NextLine()
        {
            var end = LineEnd();
            _position = end + 1;
            _lineStart = _position;
            if (end < text.Length)
            {
                _line++;
            }
        }
    }
}

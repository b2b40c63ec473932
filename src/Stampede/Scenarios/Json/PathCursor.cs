using System.Globalization;
using System.Text;

namespace Stampede.Scenarios.Json;

/// <summary>
/// Reads a JSONPath text left to right for the compiler. Every mistake becomes a
/// <see cref="FormatException"/> phrased "what is wrong at OFFSET; how to fix it", with the 0-based offset
/// into the text. Compiling happens once at load time, so exceptions are fine here.
/// </summary>
internal sealed class PathCursor(string text)
{
    public string Text { get; } = text;

    public int Position { get; set; }

    public bool AtEnd => Position >= Text.Length;

    /// <summary>The character at <see cref="Position"/>, or '\0' at the end.</summary>
    public char Current => Position < Text.Length ? Text[Position] : '\0';

    public char Peek(int offset) => Position + offset < Text.Length ? Text[Position + offset] : '\0';

    /// <summary>Letters, digits and <c>_ - $ @</c> plus any non-ASCII character may appear in a <c>.name</c>.</summary>
    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$' or '@' || c >= 0x80;

    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    public void SkipSpaces()
    {
        while (!AtEnd && IsSpace(Text[Position]))
        {
            Position++;
        }
    }

    /// <summary>Takes <paramref name="token"/> when the text continues with it.</summary>
    public bool TryTake(string token)
    {
        if (string.CompareOrdinal(Text, Position, token, 0, token.Length) != 0)
        {
            return false;
        }

        Position += token.Length;
        return true;
    }

    /// <summary>Describes what stands at <paramref name="at"/>, for "found …" in messages.</summary>
    public string Found(int at) => at >= Text.Length
        ? "the end of the path"
        : IsSpace(Text[at]) ? "a space" : Text[at] == '\'' ? "\"'\"" : $"'{Text[at]}'";

    public static FormatException Error(string problem, int at, string? fix = null) =>
        new(fix is null ? $"{problem} at {at}" : $"{problem} at {at}; {fix}");

    /// <summary>Reads a <c>.name</c> (possibly empty) starting at <see cref="Position"/>.</summary>
    public string ReadDotName()
    {
        var start = Position;
        while (!AtEnd && IsNameChar(Text[Position]))
        {
            Position++;
        }

        return Text[start..Position];
    }

    /// <summary>
    /// Reads a quoted string starting at the quote under <see cref="Position"/>: <c>'…'</c> or <c>"…"</c>,
    /// with the escapes <c>\' \" \\ \/ \b \f \n \r \t \uXXXX</c>.
    /// </summary>
    public string ReadQuoted()
    {
        var open = Position;
        var quote = Text[Position++];
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("unclosed string", open, $"close it with {quote}");
            }

            var c = Text[Position];
            if (c == quote)
            {
                Position++;
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                Position++;
                continue;
            }

            var escape = Peek(1);
            char? simple = escape switch
            {
                '\'' or '"' or '\\' or '/' => escape,
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => null,
            };
            if (simple is { } plain)
            {
                value.Append(plain);
                Position += 2;
            }
            else if (escape == 'u' && Position + 6 <= Text.Length
                && ushort.TryParse(Text.AsSpan(Position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                value.Append((char)code);
                Position += 6;
            }
            else if (escape == '\0')
            {
                throw Error("unclosed string", open, $"close it with {quote}");
            }
            else
            {
                throw Error(escape == 'u' ? "'\\u' needs four hex digits" : $"unknown escape '\\{escape}'", Position,
                    @"strings accept \' \"" \\ \/ \b \f \n \r \t and \uXXXX");
            }
        }
    }

    /// <summary>
    /// Reads an integer (an optional '-' then digits) for an index or a slice bound: no leading zeros,
    /// no "-0", within the range of <see cref="int"/>.
    /// </summary>
    public int ReadInteger()
    {
        var start = Position;
        var negative = Current == '-';
        if (negative)
        {
            Position++;
        }

        var digits = Position;
        while (char.IsAsciiDigit(Current))
        {
            Position++;
        }

        if (Position == digits)
        {
            throw Error(negative ? "expected digits after '-'" : "expected an index", Position, $"found {Found(Position)}");
        }

        var number = Text[start..Position];
        if (Text[digits] == '0' && Position - digits > 1)
        {
            throw Error($"an index has no leading zeros, found '{number}'", start);
        }

        if (number == "-0")
        {
            throw Error("'-0' is not an index", start, "use [0] for the first element or [-1] for the last");
        }

        if (!int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value == int.MinValue)
        {
            throw Error($"index {number} is out of range", start, $"indices go up to {int.MaxValue}");
        }

        return value;
    }
}

namespace Stampede.Scenarios.Data;

/// <summary>A 1-based line and column (in characters) in UTF-8 text, for error messages.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    /// <summary>Line 1, column 1.</summary>
    public static TextPosition Start => new(1, 1);

    /// <summary>The position of <paramref name="offset"/> bytes into <paramref name="utf8"/>.</summary>
    public static TextPosition At(ReadOnlySpan<byte> utf8, long offset) => Start.Advance(utf8[..(int)Math.Min(offset, utf8.Length)]);

    /// <summary>
    /// The position of a 0-based line and byte-in-line (as <see cref="System.Text.Json.JsonException"/>
    /// reports them), with the column counted in characters rather than bytes.
    /// </summary>
    public static TextPosition FromLineAndByte(ReadOnlySpan<byte> utf8, long line, long byteInLine)
    {
        var lineStart = 0;
        for (long l = 0; l < line; l++)
        {
            var next = utf8[lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            lineStart += next + 1;
        }

        var end = (int)Math.Min(lineStart + byteInLine, utf8.Length);
        return new TextPosition((int)line + 1, CountCharacters(utf8[lineStart..end]) + 1);
    }

    /// <summary>This position moved past <paramref name="utf8"/>: a line feed starts a new line, any other character moves one column.</summary>
    public TextPosition Advance(ReadOnlySpan<byte> utf8)
    {
        var lastLf = utf8.LastIndexOf((byte)'\n');
        if (lastLf < 0)
        {
            return this with { Column = Column + CountCharacters(utf8) };
        }

        return new TextPosition(Line + utf8.Count((byte)'\n'), 1 + CountCharacters(utf8[(lastLf + 1)..]));
    }

    /// <summary>Characters in UTF-8 text: bytes that are not continuation bytes.</summary>
    private static int CountCharacters(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}

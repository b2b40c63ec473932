using System.Buffers;
using System.Text;

namespace Stampede.Scenarios.Json;

/// <summary>UTF-8 helpers for matches: comparing with .NET strings without transcoding them, and a lenient
/// decoder for the rare string that System.Text.Json refuses to decode.</summary>
internal static class Utf8Text
{
    /// <summary>Whether <paramref name="utf8"/> and <paramref name="text"/> spell the same code points.</summary>
    public static bool EqualsUtf16(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> text)
    {
        while (!utf8.IsEmpty && !text.IsEmpty)
        {
            if (utf8[0] < 0x80 && text[0] < 0x80)
            {
                if (utf8[0] != text[0])
                {
                    return false;
                }

                utf8 = utf8[1..];
                text = text[1..];
                continue;
            }

            if (Rune.DecodeFromUtf8(utf8, out var left, out var leftLength) != OperationStatus.Done
                || Rune.DecodeFromUtf16(text, out var right, out var rightLength) != OperationStatus.Done
                || left != right)
            {
                return false;
            }

            utf8 = utf8[leftLength..];
            text = text[rightLength..];
        }

        return utf8.IsEmpty && text.IsEmpty;
    }

    /// <summary>
    /// Unescapes a quoted JSON string whose text is invalid UTF-8 or escapes a lone surrogate; both become
    /// U+FFFD instead of an exception. The escapes themselves were already checked by the reader.
    /// </summary>
    public static string DecodeLenient(ReadOnlySpan<byte> quoted)
    {
        var raw = quoted[1..^1];
        var text = new StringBuilder(raw.Length);
        var run = 0;
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\')
            {
                i++;
                continue;
            }

            text.Append(Encoding.UTF8.GetString(raw[run..i]));
            var escape = (char)raw[i + 1];
            if (escape == 'u')
            {
                text.Append((char)Convert.ToUInt16(Encoding.ASCII.GetString(raw.Slice(i + 2, 4)), 16));
                i += 6;
            }
            else
            {
                text.Append(escape switch
                {
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => escape,
                });
                i += 2;
            }

            run = i;
        }

        text.Append(Encoding.UTF8.GetString(raw[run..]));
        for (var c = 0; c < text.Length; c++)
        {
            if (char.IsHighSurrogate(text[c]) && c + 1 < text.Length && char.IsLowSurrogate(text[c + 1]))
            {
                c++;
            }
            else if (char.IsSurrogate(text[c]))
            {
                text[c] = '\uFFFD';
            }
        }

        return text.ToString();
    }
}

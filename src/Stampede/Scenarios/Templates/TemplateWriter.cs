using System.Buffers;
using System.Globalization;
using System.Text;

namespace Stampede.Scenarios.Templates;

/// <summary>How values produced at run time are written into a template's text.</summary>
internal enum TemplateEscape : byte
{
    /// <summary>As they are (URLs, headers, plain bodies).</summary>
    None,

    /// <summary>Inside a JSON string: quotes, backslashes and control characters escaped.</summary>
    JsonString,

    /// <summary>A URL query component: percent-encoded.</summary>
    Query,
}

/// <summary>
/// Builds a rendered template in a pooled buffer, so rendering allocates only the final string.
/// </summary>
internal ref struct TemplateWriter
{
    private char[] _buffer;
    private int _length;

    public TemplateWriter(int capacity)
    {
        _buffer = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 64));
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

    /// <summary>Appends text that is already in the target form (a template's literal parts).</summary>
    public void AppendRaw(scoped ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Appends a value produced at run time, escaped for where it goes.</summary>
    public void Append(scoped ReadOnlySpan<char> value, TemplateEscape escape)
    {
        switch (escape)
        {
            case TemplateEscape.JsonString:
                AppendJson(value);
                break;
            case TemplateEscape.Query:
                AppendQuery(value);
                break;
            default:
                AppendRaw(value);
                break;
        }
    }

    public void Append(long value, TemplateEscape escape)
    {
        // Digits and '-' need no escaping anywhere.
        _ = escape;
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Makes room for <paramref name="count"/> more characters and returns where they go.</summary>
    public Span<char> Reserve(int count)
    {
        Ensure(count);
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    /// <summary>Forgets everything after <paramref name="length"/> (for nested rendering).</summary>
    public void Truncate(int length) => _length = length;

    public override readonly string ToString() => new(_buffer, 0, _length);

    /// <summary>The text as UTF-8, in an array of exactly its size (lone surrogates become U+FFFD, as <see cref="Encoding.UTF8"/> does).</summary>
    public readonly byte[] ToUtf8Array()
    {
        var text = Written;
        var bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void AppendJson(scoped ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    AppendRaw("\\\"");
                    break;
                case '\\':
                    AppendRaw("\\\\");
                    break;
                case '\n':
                    AppendRaw("\\n");
                    break;
                case '\r':
                    AppendRaw("\\r");
                    break;
                case '\t':
                    AppendRaw("\\t");
                    break;
                case < ' ':
                    var hex = Reserve(6);
                    "\\u00".CopyTo(hex);
                    ((int)c).TryFormat(hex[4..], out _, "x2", CultureInfo.InvariantCulture);
                    break;
                default:
                    Ensure(1);
                    _buffer[_length++] = c;
                    break;
            }
        }
    }

    private void AppendQuery(scoped ReadOnlySpan<char> value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                Ensure(1);
                _buffer[_length++] = c;
                continue;
            }

            var rune = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? new Rune(c, value[++i])
                : Rune.IsValid(c) ? new Rune(c) : Rune.ReplacementChar;
            var count = rune.EncodeToUtf8(utf8);
            for (var b = 0; b < count; b++)
            {
                var encoded = Reserve(3);
                encoded[0] = '%';
                utf8[b].TryFormat(encoded[1..], out _, "X2", CultureInfo.InvariantCulture);
            }
        }
    }
}

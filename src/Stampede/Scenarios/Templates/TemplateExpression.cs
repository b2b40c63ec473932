using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Stampede.Scenarios.Flow;

namespace Stampede.Scenarios.Templates;

/// <summary>One compiled <c>{{ … }}</c> expression: writes its value for a VU, with no parsing or reflection.</summary>
internal abstract class TemplateExpression
{
    public abstract void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape);
}

/// <summary>A quoted string or number inside an expression, e.g. the <c>':'</c> in <c>base64(user + ':' + pass)</c>.</summary>
internal sealed class LiteralExpression(string value) : TemplateExpression
{
    public string Value { get; } = value;

    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape) => writer.Append(Value, escape);
}

/// <summary>A VU variable (set, extracted, or a loop variable); empty while it has no value.</summary>
internal sealed class VariableExpression(int slot, string name) : TemplateExpression
{
    public int Slot { get; } = slot;

    public string Name { get; } = name;

    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape) =>
        writer.Append(state.Slots[Slot], escape);
}

/// <summary>A field of the data row the VU holds for this iteration, e.g. <c>users.name</c>.</summary>
internal sealed class DataFieldExpression(int feeder, int column) : TemplateExpression
{
    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape) =>
        writer.Append(state.Field(feeder, column), escape);
}

/// <summary><c>vu</c>: the VU's id, from 1.</summary>
internal sealed class VuExpression : TemplateExpression
{
    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape) => writer.Append(state.Vu.Id, escape);
}

/// <summary><c>iteration</c>: the VU's iteration number, from 0 (k6's <c>__ITER</c>).</summary>
internal sealed class IterationExpression : TemplateExpression
{
    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape) =>
        writer.Append(Math.Max(0, state.Vu.Iteration - 1), escape);
}

/// <summary><c>uuid()</c>: a random (version 4) UUID.</summary>
internal sealed class UuidExpression : TemplateExpression
{
    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape)
    {
        // Hex digits and '-' need no escaping anywhere, so the UUID is formatted straight into the buffer.
        var span = writer.Reserve(36);
        Guid.NewGuid().TryFormat(span, out _, "D");
    }
}

/// <summary><c>randomInt(min, max)</c>: uniform, both ends included.</summary>
internal sealed class RandomIntExpression(long min, long max) : TemplateExpression
{
    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape) =>
        writer.Append(Random.Shared.NextInt64(min, max + 1), escape);
}

/// <summary><c>randomString(n)</c>: n letters and digits.</summary>
internal sealed class RandomStringExpression(int length) : TemplateExpression
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape)
    {
        // Letters and digits need no escaping anywhere.
        var span = writer.Reserve(length);
        Random.Shared.GetItems(Alphabet, span);
    }
}

/// <summary><c>now()</c>: the current UTC time in ISO 8601 with milliseconds; <c>timestamp()</c>: Unix milliseconds.</summary>
internal sealed class NowExpression(bool unixMilliseconds) : TemplateExpression
{
    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape)
    {
        var now = state.Time.GetUtcNow();
        if (unixMilliseconds)
        {
            writer.Append(now.ToUnixTimeMilliseconds(), escape);
            return;
        }

        // Formatted aside and escaped like any value: in a query the colons are percent-encoded.
        Span<char> text = stackalloc char[24];
        now.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        writer.Append(text[..written], escape);
    }
}

/// <summary><c>base64(expr)</c>: the UTF-8 bytes of its argument, base64-encoded.</summary>
internal sealed class Base64Expression(TemplateExpression argument) : TemplateExpression
{
    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape)
    {
        // Render the argument at the end of the same buffer, encode it aside, then replace it by its encoding,
        // escaped like any value ('+', '/' and '=' are percent-encoded in a query). Both buffers are pooled.
        var mark = writer.Length;
        argument.Write(ref writer, state, TemplateEscape.None);
        var text = writer.Written[mark..];
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        char[]? encoded = null;
        try
        {
            var count = Encoding.UTF8.GetBytes(text, bytes);
            encoded = ArrayPool<char>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(count));
            Convert.TryToBase64Chars(bytes.AsSpan(0, count), encoded, out var written);
            writer.Truncate(mark);
            writer.Append(encoded.AsSpan(0, written), escape);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            if (encoded is not null)
            {
                ArrayPool<char>.Shared.Return(encoded);
            }
        }
    }
}

/// <summary><c>a + b + …</c>: the values one after another.</summary>
internal sealed class ConcatExpression(TemplateExpression[] parts) : TemplateExpression
{
    public override void Write(ref TemplateWriter writer, FlowState state, TemplateEscape escape)
    {
        foreach (var part in parts)
        {
            part.Write(ref writer, state, escape);
        }
    }
}

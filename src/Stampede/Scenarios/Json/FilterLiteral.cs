using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Stampede.Scenarios.Json;

/// <summary>The comparison operators of a filter.</summary>
internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// A string, number, true, false or null literal on one side of a filter comparison, and the comparison
/// itself. Equality needs the same JSON type (a number is never equal to a numeric string); ordering is
/// defined for two numbers or two strings (by Unicode code point) and false otherwise.
/// </summary>
internal sealed class FilterLiteral
{
    private const int StackBufferBytes = 256;

    private readonly byte[] _utf8 = [];
    private readonly double _number;

    private FilterLiteral(JsonTokenType token)
    {
        Token = token;
    }

    private FilterLiteral(string value)
        : this(JsonTokenType.String)
    {
        _utf8 = Encoding.UTF8.GetBytes(value);
    }

    private FilterLiteral(double number)
        : this(JsonTokenType.Number)
    {
        _number = number;
    }

    /// <summary>The JSON token a value must be to equal this literal.</summary>
    public JsonTokenType Token { get; }

    public static FilterLiteral True { get; } = new(JsonTokenType.True);

    public static FilterLiteral False { get; } = new(JsonTokenType.False);

    public static FilterLiteral Null { get; } = new(JsonTokenType.Null);

    public static FilterLiteral String(string value) => new(value);

    public static FilterLiteral Number(double value) => new(value);

    /// <summary>Compares the value the reader is on (left) with this literal (right).</summary>
    public bool Compare(ref Utf8JsonReader value, ComparisonOperator op)
    {
        switch (op)
        {
            case ComparisonOperator.Equal:
                return EqualsValue(ref value);
            case ComparisonOperator.NotEqual:
                return !EqualsValue(ref value);
        }

        if (!TryOrder(ref value, out var order))
        {
            return false;
        }

        return op switch
        {
            ComparisonOperator.Less => order < 0,
            ComparisonOperator.LessOrEqual => order <= 0,
            ComparisonOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private bool EqualsValue(ref Utf8JsonReader value)
    {
        if (value.TokenType != Token)
        {
            return false;
        }

        return Token switch
        {
            JsonTokenType.String => value.ValueTextEquals(_utf8),
            JsonTokenType.Number => value.TryGetDouble(out var number) && number == _number,
            _ => true,
        };
    }

    private bool TryOrder(ref Utf8JsonReader value, out int order)
    {
        order = 0;
        if (value.TokenType != Token)
        {
            return false;
        }

        if (Token == JsonTokenType.Number)
        {
            if (!value.TryGetDouble(out var number))
            {
                return false;
            }

            order = number.CompareTo(_number);
            return true;
        }

        return Token == JsonTokenType.String && TryCompareString(ref value, _utf8, out order);
    }

    // UTF-8 byte order is code point order, so unescaped bytes compare directly.
    private static bool TryCompareString(ref Utf8JsonReader value, ReadOnlySpan<byte> literal, out int order)
    {
        if (!value.ValueIsEscaped)
        {
            order = value.ValueSpan.SequenceCompareTo(literal);
            return true;
        }

        var length = value.ValueSpan.Length;
        byte[]? rented = null;
        var buffer = length <= StackBufferBytes ? stackalloc byte[StackBufferBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = value.CopyString(buffer);
            order = buffer[..written].SequenceCompareTo(literal);
            return true;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape: the string has no code point order.
            order = 0;
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

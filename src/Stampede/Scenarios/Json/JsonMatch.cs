using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stampede.Scenarios.Json;

/// <summary>
/// One value a <see cref="JsonPath"/> found: its kind and where its raw JSON text lies in the body. The
/// match holds no reference to the body, so it costs nothing to return; pass the same body to its methods.
/// The default value is no match (<see cref="JsonValueKind.Undefined"/>).
/// </summary>
public readonly struct JsonMatch : IEquatable<JsonMatch>
{
    internal JsonMatch(JsonValueKind kind, int start, int length)
    {
        Kind = kind;
        Start = start;
        Length = length;
    }

    /// <summary>The JSON type of the value.</summary>
    public JsonValueKind Kind { get; }

    /// <summary>The byte offset of the value's raw text in the body (a string's opening quote).</summary>
    public int Start { get; }

    /// <summary>The length in bytes of the value's raw text (a string's including its quotes).</summary>
    public int Length { get; }

    /// <summary>Whether two matches are the same value in the same body.</summary>
    public static bool operator ==(JsonMatch left, JsonMatch right) => left.Equals(right);

    /// <summary>Whether two matches differ.</summary>
    public static bool operator !=(JsonMatch left, JsonMatch right) => !left.Equals(right);

    /// <summary>The value's raw JSON text, exactly as in the body.</summary>
    /// <exception cref="ArgumentException">The body is shorter than the match: it is not the body the match came from.</exception>
    public ReadOnlySpan<byte> GetRawText(ReadOnlySpan<byte> utf8Json)
    {
        if (Start < 0 || Length < 0 || (long)Start + Length > utf8Json.Length)
        {
            throw new ArgumentException(
                $"the body has {utf8Json.Length} bytes but the match spans {Start}..{Start + Length}; pass the body the match was found in",
                nameof(utf8Json));
        }

        return utf8Json.Slice(Start, Length);
    }

    /// <summary>
    /// A string value unescaped (invalid UTF-8 and lone surrogate escapes become U+FFFD); any other kind as its
    /// raw JSON text, exactly as in the body (<c>42</c>, <c>1.5e3</c>, <c>true</c>, <c>{"a":1}</c>).
    /// The only member that allocates: the returned string. No match gives an empty string.
    /// </summary>
    /// <exception cref="ArgumentException">The body is not the one the match was found in.</exception>
    public string GetString(ReadOnlySpan<byte> utf8Json)
    {
        var raw = GetRawText(utf8Json);
        if (Kind != JsonValueKind.String)
        {
            return Encoding.UTF8.GetString(raw);
        }

        if (!TryReadString(raw, out var reader))
        {
            throw NotThisBody(nameof(utf8Json));
        }

        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Utf8Text.DecodeLenient(raw);
        }
    }

    /// <summary>
    /// The value of a number as a <see cref="double"/> (beyond its range: ±infinity, as System.Text.Json
    /// reads it). False for every other kind, numeric strings included.
    /// </summary>
    public bool TryGetDouble(ReadOnlySpan<byte> utf8Json, out double value)
    {
        if (Kind != JsonValueKind.Number)
        {
            value = 0;
            return false;
        }

        return double.TryParse(GetRawText(utf8Json), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Whether the value equals <paramref name="expected"/>: a string when unescaped; a number numerically
    /// when <paramref name="expected"/> parses as a number in the invariant culture (<c>100</c> equals
    /// <c>"1e2"</c>), else by its raw text; true, false, null, objects and arrays by their raw text
    /// (<c>"true"</c>, <c>"null"</c>). Allocates nothing.
    /// </summary>
    public bool ValueEquals(ReadOnlySpan<byte> utf8Json, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return ValueEquals(utf8Json, expected.AsSpan());
    }

    /// <summary>
    /// <see cref="ValueEquals(ReadOnlySpan{byte}, string)"/> for text held in a buffer, such as a check's expected
    /// value rendered from a template into a pooled one.
    /// </summary>
    internal bool ValueEquals(ReadOnlySpan<byte> utf8Json, ReadOnlySpan<char> expected)
    {
        switch (Kind)
        {
            case JsonValueKind.Undefined:
                return false;
            case JsonValueKind.String:
                return TryReadString(GetRawText(utf8Json), out var reader)
                    ? reader.ValueTextEquals(expected)
                    : throw NotThisBody(nameof(utf8Json));
            case JsonValueKind.Number when double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return TryGetDouble(utf8Json, out var value) && value == number;
            default:
                return Utf8Text.EqualsUtf16(GetRawText(utf8Json), expected);
        }
    }

    /// <summary>
    /// Writes what <see cref="GetString"/> returns into <paramref name="destination"/>, which must hold at least
    /// <see cref="Length"/> characters (a value never has more characters than bytes); returns how many were
    /// written. Allocates nothing except in the rare case <see cref="GetString"/> decodes leniently.
    /// </summary>
    /// <exception cref="ArgumentException">The body is not the one the match was found in.</exception>
    internal int CopyString(ReadOnlySpan<byte> utf8Json, Span<char> destination)
    {
        var raw = GetRawText(utf8Json);
        if (Kind != JsonValueKind.String)
        {
            return Encoding.UTF8.GetChars(raw, destination);
        }

        if (!TryReadString(raw, out var reader))
        {
            throw NotThisBody(nameof(utf8Json));
        }

        try
        {
            return reader.CopyString(destination);
        }
        catch (InvalidOperationException)
        {
            var text = Utf8Text.DecodeLenient(raw);
            text.CopyTo(destination);
            return text.Length;
        }
    }

    /// <inheritdoc/>
    public bool Equals(JsonMatch other) => Kind == other.Kind && Start == other.Start && Length == other.Length;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JsonMatch other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Start, Length);

    /// <summary>The kind and byte range, e.g. <c>Number at 12+3</c>.</summary>
    public override string ToString() => $"{Kind} at {Start}+{Length}";

    private static bool TryReadString(ReadOnlySpan<byte> raw, out Utf8JsonReader reader)
    {
        reader = new Utf8JsonReader(raw);
        try
        {
            return raw.Length >= 2 && raw[0] == (byte)'"' && reader.Read() && reader.TokenType == JsonTokenType.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ArgumentException NotThisBody(string parameter) =>
        new("the match is not a JSON string in this body; pass the body the match was found in", parameter);
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Stampede.Scenarios.Json;

/// <summary>
/// A compiled JSONPath for checks and extractors, e.g. <c>$.auth.token</c>, <c>$.items[0].price</c>,
/// <c>$..id</c> or <c>$.items[?(@.sku == 'x')].price</c> (the syntax is in docs/jsonpath.md).
/// <para>
/// Compile once at load time; evaluation is thread-safe, reads the UTF-8 body in one forward pass and
/// allocates nothing. Matches come in document order (the order their text appears in the body) and each
/// value in the body matches at most once. A body that is not valid JSON — truncated, malformed, nested
/// deeper than 256 levels — has no matches.
/// </para>
/// </summary>
public sealed class JsonPath
{
    private readonly JsonPathSegment[] _segments;

    private JsonPath(string text, JsonPathSegment[] segments)
    {
        Text = text;
        _segments = segments;
        IsSingular = Array.TrueForAll(segments, s => s.IsSingular);
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>
    /// True when the path can match at most one value: only names and indices, no wildcard, union, slice,
    /// filter or <c>..</c>. Extractors may warn when a path is not singular.
    /// </summary>
    public bool IsSingular { get; }

    /// <summary>
    /// Compiles <paramref name="text"/>. On failure <paramref name="error"/> says what is wrong, where
    /// (a 0-based character offset) and how to fix it, e.g. <c>unclosed '[' at 7; close it with ']'</c>.
    /// </summary>
    public static bool TryCompile(string text, [NotNullWhen(true)] out JsonPath? path, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            path = new JsonPath(text, JsonPathParser.Parse(text));
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            path = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Compiles <paramref name="text"/> or throws.</summary>
    /// <exception cref="FormatException">The path is invalid; the message is the error of <see cref="TryCompile"/>.</exception>
    public static JsonPath Parse(string text) =>
        TryCompile(text, out var path, out var error) ? path : throw new FormatException($"invalid JSONPath '{text}': {error}");

    /// <summary>
    /// Finds the first match in document order. False when nothing matches or the body is not valid JSON;
    /// never throws. The whole body is validated, also after the match.
    /// </summary>
    public bool TryFind(ReadOnlySpan<byte> utf8Json, out JsonMatch match)
    {
        match = default;
        if (JsonPathEvaluator.Run(_segments, utf8Json, new Span<JsonMatch>(ref match), stopWhenFull: true) > 0)
        {
            return true;
        }

        match = default;
        return false;
    }

    /// <summary>The number of values the path matches (each value once); 0 when the body is not valid JSON.</summary>
    public int Count(ReadOnlySpan<byte> utf8Json) => Math.Max(0, JsonPathEvaluator.Run(_segments, utf8Json, [], stopWhenFull: false));

    /// <summary>
    /// Writes the first <c>matches.Length</c> matches, in document order, into <paramref name="matches"/>
    /// and returns how many there are in all (as <see cref="Count"/>; more than were written when the span is
    /// too short); 0 when the body is not valid JSON. Allocates nothing.
    /// </summary>
    public int FindAll(ReadOnlySpan<byte> utf8Json, Span<JsonMatch> matches)
    {
        var count = JsonPathEvaluator.Run(_segments, utf8Json, matches, stopWhenFull: false);
        if (count < 0)
        {
            matches.Clear();
            return 0;
        }

        return count;
    }

    /// <summary>
    /// Whether <paramref name="utf8Json"/> is one valid JSON value under the rules evaluation applies (strict
    /// JSON, at most 256 levels deep): tells "no match" from "not JSON" when reporting a failed check.
    /// </summary>
    public static bool IsValidJson(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, JsonPathEvaluator.ReaderOptions);
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The path as written.</summary>
    public override string ToString() => Text;
}

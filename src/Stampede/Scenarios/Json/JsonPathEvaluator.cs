using System.Numerics;
using System.Text.Json;

namespace Stampede.Scenarios.Json;

/// <summary>
/// Evaluates compiled segments in one forward pass of a <see cref="Utf8JsonReader"/>, allocating nothing.
/// <para>
/// Each value is visited with a bit mask of the segments still to apply to it: bit i means "segment i
/// applies here"; the bit after the last segment means "this value is a match". A child's mask is computed
/// from its parent's and the child's name or index, so values come out in document order and each value
/// matches at most once, however many ways the path reaches it. A descendant segment (<c>..</c>) keeps its
/// own bit in every child so it applies at every depth. Subtrees whose mask is empty are skipped.
/// </para>
/// </summary>
internal static class JsonPathEvaluator
{
    /// <summary>Strict JSON (no comments, no trailing commas), nested at most 256 deep.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>
    /// Walks the whole body, writing the first matches into <paramref name="matches"/> and counting all of
    /// them, or stopping once <paramref name="matches"/> is full when <paramref name="stopWhenFull"/> is set.
    /// Returns the number of matches, or -1 when the body is not valid JSON: a match in a truncated or
    /// malformed body does not count, so the rest is read even after the matches it stopped at.
    /// </summary>
    public static int Run(JsonPathSegment[] segments, ReadOnlySpan<byte> utf8Json, Span<JsonMatch> matches, bool stopWhenFull)
    {
        var state = new WalkState(segments, matches, stopWhenFull && !matches.IsEmpty);
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            Next(ref reader);
            Walk(ref reader, 1UL, ref state);
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            return -1;
        }

        return state.Count;
    }

    /// <summary>Reads the next token; the end of the input inside a value is invalid JSON.</summary>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ends before its value does.");
        }
    }

    /// <summary>Counts the elements of the array the reader (a copy) starts.</summary>
    public static int CountElements(Utf8JsonReader reader)
    {
        for (var count = 0; ; count++)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return count;
            }

            reader.Skip();
        }
    }

    /// <summary>The value the reader is on, as a match; a copy of the reader finds where a container ends.</summary>
    public static JsonMatch MatchAt(ref Utf8JsonReader reader)
    {
        var start = reader.TokenStartIndex;
        long end;
        JsonValueKind kind;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                kind = reader.TokenType == JsonTokenType.StartObject ? JsonValueKind.Object : JsonValueKind.Array;
                var copy = reader;
                copy.Skip();
                end = copy.BytesConsumed;
                break;
            default:
                kind = reader.TokenType switch
                {
                    JsonTokenType.String => JsonValueKind.String,
                    JsonTokenType.Number => JsonValueKind.Number,
                    JsonTokenType.True => JsonValueKind.True,
                    JsonTokenType.False => JsonValueKind.False,
                    _ => JsonValueKind.Null,
                };
                end = reader.BytesConsumed;
                break;
        }

        return new JsonMatch(kind, (int)start, (int)(end - start));
    }

    // Returns true to stop: the first match was found and only it was asked for.
    private static bool Walk(ref Utf8JsonReader reader, ulong active, ref WalkState state)
    {
        if ((active & state.MatchBit) != 0)
        {
            if (state.Count < state.Matches.Length)
            {
                state.Matches[state.Count] = MatchAt(ref reader);
            }

            state.Count++;
            if (state.StopWhenFull && state.Count == state.Matches.Length)
            {
                return true;
            }

            active &= ~state.MatchBit;
        }

        if (active == 0)
        {
            reader.Skip();
            return false;
        }

        return reader.TokenType switch
        {
            JsonTokenType.StartObject => WalkObject(ref reader, active, ref state),
            JsonTokenType.StartArray => WalkArray(ref reader, active, ref state),
            _ => false,
        };
    }

    private static bool WalkObject(ref Utf8JsonReader reader, ulong active, ref WalkState state)
    {
        var segments = state.Segments;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return false;
            }

            ulong child = 0;
            ulong filters = 0;
            for (var bits = active; bits != 0; bits &= bits - 1)
            {
                var i = BitOperations.TrailingZeroCount(bits);
                var segment = segments[i];
                if (segment.Descendant)
                {
                    child |= 1UL << i;
                }

                if (segment.SelectsMember(ref reader))
                {
                    child |= 2UL << i;
                }
                else if (segment.HasFilter)
                {
                    filters |= 1UL << i;
                }
            }

            Next(ref reader);
            for (; filters != 0; filters &= filters - 1)
            {
                var i = BitOperations.TrailingZeroCount(filters);
                if (segments[i].FilterSelects(reader))
                {
                    child |= 2UL << i;
                }
            }

            if (child == 0)
            {
                reader.Skip();
            }
            else if (Walk(ref reader, child, ref state))
            {
                return true;
            }
        }
    }

    private static bool WalkArray(ref Utf8JsonReader reader, ulong active, ref WalkState state)
    {
        var segments = state.Segments;
        var length = -1;
        for (var bits = active; bits != 0; bits &= bits - 1)
        {
            if (segments[BitOperations.TrailingZeroCount(bits)].NeedsArrayLength)
            {
                length = CountElements(reader);
                break;
            }
        }

        for (var index = 0; ; index++)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return false;
            }

            ulong child = 0;
            for (var bits = active; bits != 0; bits &= bits - 1)
            {
                var i = BitOperations.TrailingZeroCount(bits);
                var segment = segments[i];
                if (segment.Descendant)
                {
                    child |= 1UL << i;
                }

                if (segment.SelectsElement(index, length) || (segment.HasFilter && segment.FilterSelects(reader)))
                {
                    child |= 2UL << i;
                }
            }

            if (child == 0)
            {
                reader.Skip();
            }
            else if (Walk(ref reader, child, ref state))
            {
                return true;
            }
        }
    }

    private ref struct WalkState(JsonPathSegment[] segments, Span<JsonMatch> matches, bool stopWhenFull)
    {
        public readonly JsonPathSegment[] Segments = segments;
        public readonly ulong MatchBit = 1UL << segments.Length;
        public readonly Span<JsonMatch> Matches = matches;
        public readonly bool StopWhenFull = stopWhenFull;
        public int Count;
    }
}

using System.Text;
using System.Text.Json;

namespace Stampede.Scenarios.Json;

/// <summary>
/// A filter's <c>@</c>, <c>@.a.b</c> or <c>@['a'][0]</c>: names and indices that lead to at most one value
/// inside the element under test.
/// </summary>
internal sealed class RelativePath
{
    // A step is a member name (UTF-8) or, when the name is null, an array index.
    private readonly (byte[]? Name, int Index)[] _steps;

    private RelativePath((byte[]? Name, int Index)[] steps)
    {
        _steps = steps;
    }

    /// <summary>Parses the path at the '@' under the cursor.</summary>
    public static RelativePath Parse(PathCursor cursor)
    {
        cursor.Position++;
        var steps = new List<(byte[]?, int)>();
        while (true)
        {
            if (cursor.Current == '.')
            {
                if (cursor.Peek(1) is '.' or '*')
                {
                    throw PathCursor.Error($"'{(cursor.Peek(1) == '.' ? ".." : ".*")}' is not supported in filter paths", cursor.Position,
                        "a filter path names one value: @.a.b or @['a'][0]");
                }

                cursor.Position++;
                var at = cursor.Position;
                var name = cursor.ReadDotName();
                if (name.Length == 0)
                {
                    throw PathCursor.Error("expected a name after '.'", at, $"found {cursor.Found(at)}");
                }

                steps.Add((Encoding.UTF8.GetBytes(name), 0));
            }
            else if (cursor.Current == '[')
            {
                steps.Add(ParseBracket(cursor));
            }
            else
            {
                return new RelativePath([.. steps]);
            }
        }
    }

    private static (byte[]?, int) ParseBracket(PathCursor cursor)
    {
        var open = cursor.Position++;
        cursor.SkipSpaces();
        (byte[]?, int) step;
        var c = cursor.Current;
        if (c is '\'' or '"')
        {
            step = (Encoding.UTF8.GetBytes(cursor.ReadQuoted()), 0);
        }
        else if (c == '-' || char.IsAsciiDigit(c))
        {
            step = (null, cursor.ReadInteger());
        }
        else if (cursor.AtEnd)
        {
            throw PathCursor.Error("unclosed '['", open, "close it with ']'");
        }
        else
        {
            var what = c switch
            {
                '*' => "'*' is not supported in filter paths",
                '?' => "nested filters are not supported",
                ':' => "slices are not supported in filter paths",
                _ => $"expected a name in quotes or an index, found {cursor.Found(cursor.Position)}",
            };
            throw PathCursor.Error(what, cursor.Position, "a filter path names one value: @.a.b or @['a'][0]");
        }

        cursor.SkipSpaces();
        if (cursor.Current == ']')
        {
            cursor.Position++;
            return step;
        }

        if (cursor.AtEnd)
        {
            throw PathCursor.Error("unclosed '['", open, "close it with ']'");
        }

        throw PathCursor.Error(cursor.Current is ',' or ':' ? "unions and slices are not supported in filter paths" : $"expected ']', found {cursor.Found(cursor.Position)}",
            cursor.Position, "a filter path names one value: @.a.b or @['a'][0]");
    }

    /// <summary>
    /// Moves the reader (a copy, on the element's first token) to the value this path names; false when
    /// there is none. Under duplicate member names the first one counts.
    /// </summary>
    public bool TryNavigate(ref Utf8JsonReader reader)
    {
        foreach (var (name, index) in _steps)
        {
            if (!(name is null ? TryEnterElement(ref reader, index) : TryEnterMember(ref reader, name)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryEnterMember(ref Utf8JsonReader reader, byte[] name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (true)
        {
            JsonPathEvaluator.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return false;
            }

            if (reader.ValueTextEquals(name))
            {
                JsonPathEvaluator.Next(ref reader);
                return true;
            }

            reader.Skip();
        }
    }

    private static bool TryEnterElement(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        if (index < 0)
        {
            index += JsonPathEvaluator.CountElements(reader);
            if (index < 0)
            {
                return false;
            }
        }

        for (var i = 0; ; i++)
        {
            JsonPathEvaluator.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return false;
            }

            if (i == index)
            {
                return true;
            }

            reader.Skip();
        }
    }
}

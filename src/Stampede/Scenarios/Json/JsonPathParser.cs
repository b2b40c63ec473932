namespace Stampede.Scenarios.Json;

/// <summary>
/// Compiles a JSONPath text into segments:
/// <code>
/// path     := '$' segment*
/// segment  := '.' name | '.*' | '..' (name | '*' | bracket) | bracket
/// bracket  := '[' selector (',' selector)* ']'          (spaces allowed inside)
/// selector := 'name' | "name" | index | start:end | '*' | '?' filter
/// </code>
/// Mistakes are <see cref="FormatException"/>s that say what is wrong, at which 0-based offset, and the fix.
/// </summary>
internal static class JsonPathParser
{
    /// <summary>Segments are tracked as bits of a 64-bit mask during evaluation (one bit is the match).</summary>
    public const int MaxSegments = 63;

    private const string Continuations = "a path continues with .name, ['name'], [index], [*], [start:end] or [?(...)]";

    public static JsonPathSegment[] Parse(string text)
    {
        var cursor = new PathCursor(text);
        if (cursor.Current != '$')
        {
            throw PathCursor.Error(text.Length == 0 ? "the path is empty" : $"a path starts with '$', found {cursor.Found(0)}", 0, SuggestRoot(text));
        }

        cursor.Position++;
        var segments = new List<JsonPathSegment>();
        while (!cursor.AtEnd)
        {
            if (segments.Count == MaxSegments)
            {
                throw PathCursor.Error($"the path has more than {MaxSegments} segments", cursor.Position, "shorten it, e.g. with '..name'");
            }

            segments.Add(ParseSegment(cursor));
        }

        return [.. segments];
    }

    private static string SuggestRoot(string text)
    {
        if (text.Length == 0)
        {
            return "write '$' for the whole body or e.g. $.name";
        }

        if (text[0] is '.' or '[')
        {
            return $"write ${text}";
        }

        if (text[0] == '@')
        {
            return "'@' is the element inside a filter; a path starts with '$'";
        }

        return PathCursor.IsNameChar(text[0]) ? $"write $.{text}" : "e.g. $.name or $['name']";
    }

    private static JsonPathSegment ParseSegment(PathCursor cursor)
    {
        var c = cursor.Current;
        if (c == '[')
        {
            return new JsonPathSegment(false, ParseBracket(cursor));
        }

        if (c == '(')
        {
            throw PathCursor.Error("functions are not supported, found '('", cursor.Position, "e.g. count matches with a count check instead of length()");
        }

        if (c != '.')
        {
            throw PathCursor.Error(
                PathCursor.IsSpace(c) ? "unexpected space" : $"unexpected '{c}'", cursor.Position,
                PathCursor.IsSpace(c) ? "spaces are allowed only inside [...]" : Continuations);
        }

        if (cursor.Peek(1) == '.')
        {
            cursor.Position += 2;
            return cursor.Current == '['
                ? new JsonPathSegment(true, ParseBracket(cursor))
                : new JsonPathSegment(true, [ParseDotSelector(cursor, "..")]);
        }

        cursor.Position++;
        return new JsonPathSegment(false, [ParseDotSelector(cursor, ".")]);
    }

    private static JsonPathSelector ParseDotSelector(PathCursor cursor, string dots)
    {
        if (cursor.Current == '*')
        {
            cursor.Position++;
            return JsonPathSelector.ForWildcard();
        }

        var at = cursor.Position;
        var name = cursor.ReadDotName();
        if (name.Length > 0)
        {
            return JsonPathSelector.ForName(name);
        }

        var fix = cursor.Current switch
        {
            '[' when dots == "." => "remove the '.' before '['",
            '\'' or '"' => "quoted names go in brackets: ['name']",
            '\0' => "e.g. $.name",
            _ => "names with other characters go in brackets: ['a name']",
        };
        var expected = dots == "." ? "a name after '.'" : "a name, '*' or '[' after '..'";
        throw PathCursor.Error($"expected {expected}", at, $"found {cursor.Found(at)}; {fix}");
    }

    private static JsonPathSelector[] ParseBracket(PathCursor cursor)
    {
        var open = cursor.Position++;
        var selectors = new List<JsonPathSelector>();
        while (true)
        {
            cursor.SkipSpaces();
            if (cursor.AtEnd)
            {
                throw PathCursor.Error("unclosed '['", open, "close it with ']'");
            }

            if (cursor.Current is ']' or ',')
            {
                throw selectors.Count == 0 && cursor.Current == ']'
                    ? PathCursor.Error("empty brackets", open, "put a name, an index, '*', a slice or a filter inside: ['name'], [0]")
                    : PathCursor.Error($"expected a selector, found '{cursor.Current}'", cursor.Position, "remove the extra ','");
            }

            selectors.Add(ParseSelector(cursor));
            cursor.SkipSpaces();
            if (cursor.AtEnd)
            {
                throw PathCursor.Error("unclosed '['", open, "close it with ']'");
            }

            if (cursor.Current == ']')
            {
                cursor.Position++;
                return [.. selectors];
            }

            if (cursor.Current != ',')
            {
                throw PathCursor.Error($"expected ',' or ']', found {cursor.Found(cursor.Position)}", cursor.Position);
            }

            cursor.Position++;
        }
    }

    private static JsonPathSelector ParseSelector(PathCursor cursor)
    {
        var c = cursor.Current;
        switch (c)
        {
            case '\'' or '"':
                return JsonPathSelector.ForName(cursor.ReadQuoted());
            case '*':
                cursor.Position++;
                return JsonPathSelector.ForWildcard();
            case '?':
                cursor.Position++;
                return JsonPathSelector.ForFilter(FilterParser.Parse(cursor));
            case '-' or ':':
            case >= '0' and <= '9':
                return ParseIndexOrSlice(cursor);
            case '(':
                throw PathCursor.Error("script expressions [(...)] are not supported", cursor.Position,
                    "use [-1] for the last element or a filter [?(...)]");
        }

        throw PathCursor.Error($"expected a name in quotes, an index, '*', a slice or a filter, found {cursor.Found(cursor.Position)}", cursor.Position,
            PathCursor.IsNameChar(c) ? "quote names in brackets: ['name']" : "e.g. ['name'], [0], [-1], [*], [1:3], [?(@.k == 'v')]");
    }

    private static JsonPathSelector ParseIndexOrSlice(PathCursor cursor)
    {
        var at = cursor.Position;
        int? start = cursor.Current == ':' ? null : cursor.ReadInteger();
        cursor.SkipSpaces();
        if (cursor.Current != ':')
        {
            return JsonPathSelector.ForIndex(start!.Value);
        }

        if (start < 0)
        {
            throw PathCursor.Error($"slice bounds must not be negative, found {start}", at, "use [-n] for one element counted from the end");
        }

        cursor.Position++;
        cursor.SkipSpaces();
        var endAt = cursor.Position;
        int? end = cursor.Current == '-' || char.IsAsciiDigit(cursor.Current) ? cursor.ReadInteger() : null;
        if (end < 0)
        {
            throw PathCursor.Error($"slice bounds must not be negative, found {end}", endAt, "omit the end to slice to the last element: [2:]");
        }

        cursor.SkipSpaces();
        if (cursor.Current == ':')
        {
            throw PathCursor.Error("slice steps are not supported", cursor.Position, "write [start:end]");
        }

        if (end < start)
        {
            throw PathCursor.Error($"the slice ends ({end}) before it starts ({start})", at, "write [start:end] with start <= end");
        }

        return JsonPathSelector.ForSlice(start ?? 0, end ?? int.MaxValue);
    }
}

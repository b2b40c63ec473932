using System.Globalization;

namespace Stampede.Scenarios.Json;

/// <summary>
/// Parses the expression of a filter selector, after its '?':
/// <code>
/// or         := and ('||' and)*
/// and        := unary ('&amp;&amp;' unary)*
/// unary      := '!' unary | '(' or ')' | comparison
/// comparison := operand (('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand)?
/// operand    := '@' path | 'string' | "string" | number | true | false | null
/// </code>
/// A test without an operator must be a path (an existence test); a comparison needs one path and one
/// literal, in either order. Evaluation recurses through the expression, so its size is bounded.
/// </summary>
internal sealed class FilterParser
{
    /// <summary>Most tests (comparisons or existence tests) in one filter.</summary>
    public const int MaxTests = 64;

    /// <summary>Deepest nesting of '(' and '!' in one filter.</summary>
    public const int MaxNesting = 32;

    private const string Example = "e.g. [?(@.k == 'v')] or [?(@.price < 10 && @.tags)]";

    private int _tests;
    private int _nesting;

    private FilterParser()
    {
    }

    public static FilterExpression Parse(PathCursor cursor) => new FilterParser().ParseOr(cursor);

    private FilterExpression ParseOr(PathCursor cursor)
    {
        var left = ParseAnd(cursor);
        while (true)
        {
            cursor.SkipSpaces();
            if (cursor.TryTake("||"))
            {
                left = FilterExpression.Or(left, ParseAnd(cursor));
            }
            else if (cursor.Current == '|')
            {
                throw PathCursor.Error("use '||' for 'or', found '|'", cursor.Position);
            }
            else
            {
                return left;
            }
        }
    }

    private FilterExpression ParseAnd(PathCursor cursor)
    {
        var left = ParseUnary(cursor);
        while (true)
        {
            cursor.SkipSpaces();
            if (cursor.TryTake("&&"))
            {
                left = FilterExpression.And(left, ParseUnary(cursor));
            }
            else if (cursor.Current == '&')
            {
                throw PathCursor.Error("use '&&' for 'and', found '&'", cursor.Position);
            }
            else
            {
                return left;
            }
        }
    }

    private FilterExpression ParseUnary(PathCursor cursor)
    {
        cursor.SkipSpaces();
        if (cursor.Current == '!' && cursor.Peek(1) != '=')
        {
            Enter(cursor);
            cursor.Position++;
            var negated = FilterExpression.Not(ParseUnary(cursor));
            _nesting--;
            return negated;
        }

        if (cursor.Current != '(')
        {
            if (++_tests > MaxTests)
            {
                throw PathCursor.Error($"the filter has more than {MaxTests} tests", cursor.Position, "split it into several checks");
            }

            return ParseComparison(cursor);
        }

        Enter(cursor);
        var open = cursor.Position++;
        var inner = ParseOr(cursor);
        _nesting--;
        cursor.SkipSpaces();
        if (cursor.AtEnd)
        {
            throw PathCursor.Error("unclosed '('", open, "close it with ')'");
        }

        if (cursor.Current != ')')
        {
            throw PathCursor.Error($"expected ')', '&&' or '||', found {cursor.Found(cursor.Position)}", cursor.Position);
        }

        cursor.Position++;
        return inner;
    }

    private void Enter(PathCursor cursor)
    {
        if (++_nesting > MaxNesting)
        {
            throw PathCursor.Error($"the filter nests '(' and '!' more than {MaxNesting} deep", cursor.Position, "simplify it");
        }
    }

    private static FilterExpression ParseComparison(PathCursor cursor)
    {
        var leftAt = cursor.Position;
        var left = ParseOperand(cursor);
        cursor.SkipSpaces();
        var opAt = cursor.Position;
        if (!TryParseOperator(cursor, out var op))
        {
            if (char.IsAsciiLetter(cursor.Current))
            {
                throw UnexpectedWord(cursor);
            }

            return left is RelativePath path
                ? FilterExpression.Exists(path)
                : throw PathCursor.Error("a literal alone is not a test", leftAt, "compare it with the element: @.k == 'v'");
        }

        cursor.SkipSpaces();
        var rightAt = cursor.Position;
        var right = ParseOperand(cursor);
        cursor.SkipSpaces();
        if (char.IsAsciiLetter(cursor.Current))
        {
            throw UnexpectedWord(cursor);
        }

        return (left, right) switch
        {
            (RelativePath p, FilterLiteral l) => FilterExpression.Compare(p, op, l),
            (FilterLiteral l, RelativePath p) => FilterExpression.Compare(p, Mirror(op), l),
            (RelativePath, _) => throw PathCursor.Error("comparing two paths is not supported", rightAt,
                "compare a path with a literal: @.k == 'v'"),
            _ => throw PathCursor.Error("comparing two literals is not a test", opAt, "compare a path with a literal: @.k == 'v'"),
        };
    }

    // A word after a test: an operator from another dialect ('in', 'contains') or 'and'/'or'.
    private static FormatException UnexpectedWord(PathCursor cursor)
    {
        var at = cursor.Position;
        while (char.IsAsciiLetter(cursor.Current))
        {
            cursor.Position++;
        }

        var word = cursor.Text[at..cursor.Position];
        return word switch
        {
            "and" => PathCursor.Error("use '&&' for 'and', found 'and'", at),
            "or" => PathCursor.Error("use '||' for 'or', found 'or'", at),
            _ => PathCursor.Error($"'{word}' is not an operator", at, "compare with ==, !=, <, <=, >, >= and join tests with &&, || and !"),
        };
    }

    // 'v' < @.k reads as @.k > 'v'.
    private static ComparisonOperator Mirror(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        _ => op,
    };

    private static bool TryParseOperator(PathCursor cursor, out ComparisonOperator op)
    {
        op = default;
        if (cursor.TryTake("=="))
        {
            op = ComparisonOperator.Equal;
        }
        else if (cursor.TryTake("!="))
        {
            op = ComparisonOperator.NotEqual;
        }
        else if (cursor.TryTake("<="))
        {
            op = ComparisonOperator.LessOrEqual;
        }
        else if (cursor.TryTake(">="))
        {
            op = ComparisonOperator.GreaterOrEqual;
        }
        else if (cursor.TryTake("<"))
        {
            op = ComparisonOperator.Less;
        }
        else if (cursor.TryTake(">"))
        {
            op = ComparisonOperator.Greater;
        }
        else if (cursor.Current == '=')
        {
            throw cursor.Peek(1) == '~'
                ? PathCursor.Error("regular expressions (=~) are not supported", cursor.Position, "compare with ==, !=, <, <=, >, >=")
                : PathCursor.Error("use '==' to compare, found '='", cursor.Position);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Returns a <see cref="RelativePath"/> or a <see cref="FilterLiteral"/>.</summary>
    private static object ParseOperand(PathCursor cursor)
    {
        var at = cursor.Position;
        var c = cursor.Current;
        if (c == '@')
        {
            return RelativePath.Parse(cursor);
        }

        if (c is '\'' or '"')
        {
            return FilterLiteral.String(cursor.ReadQuoted());
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            return ParseNumber(cursor);
        }

        if (c == '$')
        {
            throw PathCursor.Error("'$' paths are not supported in filters", at, "a filter tests the element: use @ or @.name");
        }

        if (!char.IsAsciiLetter(c))
        {
            throw PathCursor.Error($"expected '@', a path or a literal, found {cursor.Found(at)}", at, Example);
        }

        while (char.IsAsciiLetterOrDigit(cursor.Current) || cursor.Current == '_')
        {
            cursor.Position++;
        }

        var word = cursor.Text[at..cursor.Position];
        return word switch
        {
            "true" => FilterLiteral.True,
            "false" => FilterLiteral.False,
            "null" => FilterLiteral.Null,
            _ when cursor.Current == '(' => throw PathCursor.Error($"functions are not supported, found '{word}('", at, Example),
            _ => throw PathCursor.Error($"unexpected '{word}'", at,
                "literals are 'text', \"text\", numbers, true, false and null; the element is @"),
        };
    }

    // JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private static FilterLiteral ParseNumber(PathCursor cursor)
    {
        var at = cursor.Position;
        if (cursor.Current == '-')
        {
            cursor.Position++;
        }

        var integerDigits = SkipDigits(cursor, out var first);
        var ok = integerDigits == 1 || (integerDigits > 1 && first != '0');
        if (ok && cursor.Current == '.')
        {
            cursor.Position++;
            ok = SkipDigits(cursor, out _) > 0;
        }

        if (ok && cursor.Current is 'e' or 'E')
        {
            cursor.Position++;
            if (cursor.Current is '+' or '-')
            {
                cursor.Position++;
            }

            ok = SkipDigits(cursor, out _) > 0;
        }

        // Whatever glues onto the number (letters, a second '.') makes it malformed too.
        while (char.IsAsciiLetterOrDigit(cursor.Current) || cursor.Current is '.' or '_')
        {
            ok = false;
            cursor.Position++;
        }

        var text = cursor.Text[at..cursor.Position];
        if (!ok || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw PathCursor.Error($"'{text}' is not a number", at, "numbers are written as in JSON: 42, -1.5, 2e-3");
        }

        return FilterLiteral.Number(value);
    }

    private static int SkipDigits(PathCursor cursor, out char first)
    {
        first = cursor.Current;
        var start = cursor.Position;
        while (char.IsAsciiDigit(cursor.Current))
        {
            cursor.Position++;
        }

        return cursor.Position - start;
    }
}

using System.Globalization;
using System.Text;

namespace Stampede.Scenarios.Templates;

/// <summary>
/// Compiles text with <c>{{ … }}</c> expressions into a <see cref="Template"/>. Expressions:
/// variables (<c>token</c>), data fields (<c>users.name</c>), <c>env.NAME</c> (resolved now, at load),
/// <c>vu</c>, <c>iteration</c>, quoted strings, integers, <c>a + b</c> (concatenation) and the functions
/// <c>uuid()</c>, <c>randomInt(min, max)</c>, <c>randomString(n)</c>, <c>now()</c>, <c>timestamp()</c>,
/// <c>base64(expr)</c>. Every problem is reported at the node with the expression quoted.
/// </summary>
internal static class TemplateCompiler
{
    /// <summary>Function names, for suggestions.</summary>
    public static readonly IReadOnlyList<string> Functions = ["uuid", "randomInt", "randomString", "now", "timestamp", "base64"];

    private const int MaxRandomStringLength = 1 << 20;

    /// <summary>True when <paramref name="text"/> contains an expression.</summary>
    public static bool HasExpressions(string text) => text.Contains("{{", StringComparison.Ordinal);

    /// <summary>
    /// Compiles <paramref name="text"/>; null (with errors reported at <paramref name="at"/>) when it is not valid.
    /// Values are escaped by <paramref name="escape"/>; with <paramref name="literalsEscaped"/> the text outside
    /// expressions is already in the target form (a JSON document) and only values are escaped.
    /// </summary>
    public static Template? Compile(string text, SourceNode at, string path, TemplateScope scope, ScenarioDiagnostics diagnostics,
        TemplateEscape escape = TemplateEscape.None, bool literalsEscaped = false)
    {
        var literalEscape = literalsEscaped ? TemplateEscape.None : escape;
        var parts = new List<object>();
        var literal = new StringBuilder();
        var failed = false;
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, position, text.Length - position);
                break;
            }

            literal.Append(text, position, open - position);
            var close = FindClose(text, open + 2);
            if (close < 0)
            {
                diagnostics.Add(at, $"{path}: `{{{{` at character {open + 1} has no closing `}}}}`", "write expressions like {{ name }}");
                return null;
            }

            var source = text[(open + 2)..close].Trim();
            var parser = new Parser(source, text[open..(close + 2)], at, path, scope, diagnostics);
            var expression = parser.ParseWhole();
            if (expression is null)
            {
                failed = true;
            }
            else if (expression is LiteralExpression constant)
            {
                // A value known now (a quoted string, env.NAME) is still a value: escaped as run-time ones are.
                literal.Append(literalEscape == escape ? constant.Value : Escaped(constant.Value, escape));
            }
            else
            {
                Flush(parts, literal, literalEscape);
                parts.Add(expression);
            }

            position = close + 2;
        }

        Flush(parts, literal, literalEscape);
        return failed ? null : new Template(text, [.. parts], escape);
    }

    private static void Flush(List<object> parts, StringBuilder literal, TemplateEscape escape)
    {
        if (literal.Length == 0)
        {
            return;
        }

        var text = literal.ToString();
        literal.Clear();
        parts.Add(escape == TemplateEscape.None ? text : Escaped(text, escape));
    }

    private static string Escaped(string text, TemplateEscape escape)
    {
        var writer = new TemplateWriter(text.Length * 2);
        try
        {
            writer.Append(text, escape);
            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The index of the <c>}}</c> closing an expression, skipping quoted strings; -1 when none.</summary>
    private static int FindClose(string text, int from)
    {
        char quote = '\0';
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Recursive descent over one expression: <c>term ('+' term)*</c>.</summary>
    private ref struct Parser(string source, string quoted, SourceNode at, string path, TemplateScope scope, ScenarioDiagnostics diagnostics)
    {
        private int _position;

        public TemplateExpression? ParseWhole()
        {
            if (source.Length == 0)
            {
                return Fail("is empty", "put a variable or function inside, e.g. {{ uuid() }}");
            }

            var expression = ParseConcat();
            if (expression is null)
            {
                return null;
            }

            SkipSpace();
            return _position < source.Length
                ? Fail($"has unexpected `{source[_position..]}`", "join values with +, e.g. {{ user + ':' + password }}")
                : expression;
        }

        private TemplateExpression? ParseConcat()
        {
            var terms = new List<TemplateExpression>();
            while (true)
            {
                if (ParseTerm() is not { } term)
                {
                    return null;
                }

                terms.Add(term);
                SkipSpace();
                if (_position < source.Length && source[_position] == '+')
                {
                    _position++;
                    continue;
                }

                break;
            }

            // Adjacent constants fold into one, so env values and literals cost nothing at run time.
            var folded = new List<TemplateExpression>();
            foreach (var term in terms)
            {
                if (term is LiteralExpression next && folded.Count > 0 && folded[^1] is LiteralExpression previous)
                {
                    folded[^1] = new LiteralExpression(previous.Value + next.Value);
                }
                else
                {
                    folded.Add(term);
                }
            }

            return folded.Count == 1 ? folded[0] : new ConcatExpression([.. folded]);
        }

        private TemplateExpression? ParseTerm()
        {
            SkipSpace();
            if (_position >= source.Length)
            {
                return Fail("ends where a value was expected", "e.g. {{ name }} or {{ 'text' }}");
            }

            var c = source[_position];
            if (c is '\'' or '"')
            {
                return ParseString(c);
            }

            if (char.IsAsciiDigit(c) || (c == '-' && _position + 1 < source.Length && char.IsAsciiDigit(source[_position + 1])))
            {
                var start = _position++;
                while (_position < source.Length && char.IsAsciiDigit(source[_position]))
                {
                    _position++;
                }

                return new LiteralExpression(source[start.._position]);
            }

            if (!IsNameStart(c))
            {
                return Fail($"has unexpected `{c}`", "names start with a letter or _, strings are quoted");
            }

            var nameStart = _position;
            while (_position < source.Length && (IsNamePart(source[_position]) || source[_position] == '.'))
            {
                _position++;
            }

            var name = source[nameStart.._position];
            SkipSpace();
            if (_position < source.Length && source[_position] == '(')
            {
                _position++;
                return ParseCall(name);
            }

            return Reference(name);
        }

        private TemplateExpression? ParseString(char quote)
        {
            var text = new StringBuilder();
            _position++;
            while (_position < source.Length)
            {
                var c = source[_position++];
                if (c == quote)
                {
                    return new LiteralExpression(text.ToString());
                }

                if (c == '\\' && _position < source.Length)
                {
                    var escaped = source[_position++];
                    text.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => escaped });
                    continue;
                }

                text.Append(c);
            }

            return Fail($"has an unterminated string starting with {quote}", $"close it with {quote}");
        }

        private TemplateExpression? ParseCall(string name)
        {
            var arguments = new List<TemplateExpression>();
            SkipSpace();
            if (_position < source.Length && source[_position] == ')')
            {
                _position++;
            }
            else
            {
                while (true)
                {
                    if (ParseConcat() is not { } argument)
                    {
                        return null;
                    }

                    arguments.Add(argument);
                    SkipSpace();
                    if (_position < source.Length && source[_position] == ',')
                    {
                        _position++;
                        continue;
                    }

                    if (_position < source.Length && source[_position] == ')')
                    {
                        _position++;
                        break;
                    }

                    return Fail($"has no `)` closing {name}(", $"e.g. {{{{ {name}(…) }}}}");
                }
            }

            return name switch
            {
                "uuid" => Arity(name, arguments, 0, "uuid()") ? new UuidExpression() : null,
                "now" => Arity(name, arguments, 0, "now()") ? new NowExpression(false) : null,
                "timestamp" => Arity(name, arguments, 0, "timestamp()") ? new NowExpression(true) : null,
                "base64" => Arity(name, arguments, 1, "base64(user + ':' + password)") ? new Base64Expression(arguments[0]) : null,
                "randomInt" => RandomInt(arguments),
                "randomString" => RandomString(arguments),
                _ => Fail($"calls unknown function `{name}()`", Suggestions.Closest(name, Functions) is { } s
                    ? $"did you mean `{s}()`?"
                    : "functions: " + string.Join(", ", Functions.Select(f => f + "()"))),
            };
        }

        private TemplateExpression? RandomInt(List<TemplateExpression> arguments)
        {
            if (!Arity("randomInt", arguments, 2, "randomInt(1, 100)"))
            {
                return null;
            }

            if (Integer(arguments[0]) is not { } min || Integer(arguments[1]) is not { } max)
            {
                return Fail("randomInt takes two whole numbers", "e.g. {{ randomInt(1, 100) }}");
            }

            return min <= max ? new RandomIntExpression(min, max) : Fail($"randomInt({min}, {max}): the minimum is above the maximum", "e.g. randomInt(1, 100)");
        }

        private TemplateExpression? RandomString(List<TemplateExpression> arguments)
        {
            if (!Arity("randomString", arguments, 1, "randomString(16)"))
            {
                return null;
            }

            return Integer(arguments[0]) is { } length && length is > 0 and <= MaxRandomStringLength
                ? new RandomStringExpression((int)length)
                : Fail($"randomString takes a length from 1 to {MaxRandomStringLength}", "e.g. {{ randomString(16) }}");
        }

        private static long? Integer(TemplateExpression expression) =>
            expression is LiteralExpression literal && long.TryParse(literal.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;

        private bool Arity(string name, List<TemplateExpression> arguments, int count, string example)
        {
            if (arguments.Count == count)
            {
                return true;
            }

            Fail($"{name}() takes {count} argument{(count == 1 ? "" : "s")}, got {arguments.Count}", $"e.g. {{{{ {example} }}}}");
            return false;
        }

        private TemplateExpression? Reference(string name)
        {
            switch (name)
            {
                case "vu":
                    return new VuExpression();
                case "iteration":
                    return new IterationExpression();
                case "env":
                    return Fail("uses `env` without a name", "e.g. {{ env.API_KEY }}");
            }

            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                if (Suggestions.Closest(name, Functions) is { } function && function == name)
                {
                    return Fail($"uses the function `{name}` without ()", $"write {{{{ {name}(…) }}}}");
                }

                if (scope.TryGetData(name, out _, out var columns))
                {
                    return Fail($"uses the data source `{name}` without a field", $"e.g. {{{{ {name}.{(columns.Count > 0 ? columns[0] : "field")} }}}}");
                }

                return new VariableExpression(scope.Use(name, at, path), name);
            }

            var head = name[..dot];
            var field = name[(dot + 1)..];
            if (head == "env")
            {
                return scope.Environment(field) is { } value
                    ? new LiteralExpression(value)
                    : Fail($"uses environment variable `{field}`, which is not set", $"pass -e {field}=… or --env-file, or export it");
            }

            if (scope.TryGetData(head, out var index, out var fields))
            {
                var column = IndexOf(fields, field);
                if (column >= 0)
                {
                    scope.MarkDataUsed(index);
                }

                return column >= 0
                    ? new DataFieldExpression(index, column)
                    : Fail($"uses `{field}`, which is not a field of data source `{head}`", Suggestions.Hint(field, fields.ToArray()));
            }

            return Fail($"uses `{name}`: there is no data source named `{head}`", scope.DataNames.Any()
                ? Suggestions.Hint(head, scope.DataNames.ToArray())
                : "declare data sources under `data:`; variable names have no dots");
        }

        private static int IndexOf(IReadOnlyList<string> fields, string field)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                if (fields[i] == field)
                {
                    return i;
                }
            }

            return -1;
        }

        private void SkipSpace()
        {
            while (_position < source.Length && char.IsWhiteSpace(source[_position]))
            {
                _position++;
            }
        }

        private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

        private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

        private readonly TemplateExpression? Fail(string problem, string hint)
        {
            diagnostics.Add(at, $"{path}: template `{quoted}` {problem}", hint);
            return null;
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stampede.Tests.Scenarios.Json;

/// <summary>
/// The reference's own recursive-descent parser of the JSONPath grammar, producing closures over
/// JsonDocument values; independent of the engine's parser on purpose.
/// </summary>
internal sealed class ReferenceJsonPathParser(string text)
{
    private int _at;

    public bool AtEnd => _at >= text.Length;

    private char Current => _at < text.Length ? text[_at] : '\0';

    public void Take(char c)
    {
        if (Current != c)
        {
            throw new FormatException($"reference parser: expected '{c}' at {_at} in {text}");
        }

        _at++;
    }

    public (bool Descendant, List<Func<ReferenceJsonPath.Child, bool>> Selectors) Segment()
    {
        if (Current == '[')
        {
            return (false, Bracket());
        }

        Take('.');
        var descendant = Current == '.';
        if (descendant)
        {
            _at++;
            if (Current == '[')
            {
                return (true, Bracket());
            }
        }

        if (Current == '*')
        {
            _at++;
            return (descendant, [_ => true]);
        }

        var name = DotName();
        return (descendant, [c => c.Name == name]);
    }

    private string DotName()
    {
        var start = _at;
        while (char.IsLetterOrDigit(Current) || Current is '_' or '-' or '$' or '@' || Current >= 0x80)
        {
            _at++;
        }

        return text[start.._at];
    }

    private void Spaces()
    {
        while (Current == ' ')
        {
            _at++;
        }
    }

    private List<Func<ReferenceJsonPath.Child, bool>> Bracket()
    {
        Take('[');
        var selectors = new List<Func<ReferenceJsonPath.Child, bool>>();
        while (true)
        {
            Spaces();
            selectors.Add(Selector());
            Spaces();
            if (Current == ']')
            {
                _at++;
                return selectors;
            }

            Take(',');
        }
    }

    private Func<ReferenceJsonPath.Child, bool> Selector()
    {
        if (Current is '\'' or '"')
        {
            var name = Quoted();
            return c => c.Name == name;
        }

        if (Current == '*')
        {
            _at++;
            return c => true;
        }

        if (Current == '?')
        {
            _at++;
            var filter = Or();
            return c => filter(c.Value);
        }

        int? start = Current == ':' ? null : Integer();
        Spaces();
        if (Current != ':')
        {
            var index = start!.Value;
            return c => c.Name is null && (index >= 0 ? c.Index == index : c.Index == c.Length + index);
        }

        _at++;
        Spaces();
        int? end = char.IsAsciiDigit(Current) ? Integer() : null;
        return c => c.Name is null && c.Index >= (start ?? 0) && (end is null || c.Index < end);
    }

    private int Integer()
    {
        var start = _at;
        if (Current == '-')
        {
            _at++;
        }

        while (char.IsAsciiDigit(Current))
        {
            _at++;
        }

        return int.Parse(text[start.._at], CultureInfo.InvariantCulture);
    }

    private string Quoted()
    {
        // The literal's text is valid JSON once its quotes are double quotes and \' is unescaped.
        var quote = Current;
        var raw = new StringBuilder();
        _at++;
        while (Current != quote)
        {
            if (Current == '\\' && text[_at + 1] == '\'')
            {
                raw.Append('\'');
                _at += 2;
            }
            else if (Current == '\\')
            {
                raw.Append(text, _at, 2);
                _at += 2;
            }
            else
            {
                raw.Append(Current == '"' ? "\\\"" : Current.ToString());
                _at++;
            }
        }

        _at++;
        return JsonSerializer.Deserialize<string>("\"" + raw + "\"")!;
    }

    private Func<JsonElement, bool> Or()
    {
        var left = And();
        Spaces();
        while (text.AsSpan(_at).StartsWith("||"))
        {
            _at += 2;
            var (l, r) = (left, And());
            left = e => l(e) || r(e);
            Spaces();
        }

        return left;
    }

    private Func<JsonElement, bool> And()
    {
        var left = Unary();
        Spaces();
        while (text.AsSpan(_at).StartsWith("&&"))
        {
            _at += 2;
            var (l, r) = (left, Unary());
            left = e => l(e) && r(e);
            Spaces();
        }

        return left;
    }

    private Func<JsonElement, bool> Unary()
    {
        Spaces();
        if (Current == '!')
        {
            _at++;
            var inner = Unary();
            return e => !inner(e);
        }

        if (Current == '(')
        {
            _at++;
            var inner = Or();
            Spaces();
            Take(')');
            return inner;
        }

        if (Current != '@')
        {
            // literal OP path: the same test as path MIRRORED-OP literal.
            var first = Literal();
            Spaces();
            var written = Operator()!;
            Spaces();
            return Comparison(Relative(), written switch
            {
                "<" => ">",
                "<=" => ">=",
                ">" => "<",
                ">=" => "<=",
                _ => written,
            }, first);
        }

        var path = Relative();
        Spaces();
        var op = Operator();
        if (op is null)
        {
            return e => path(e) is not null;
        }

        Spaces();
        return Comparison(path, op, Literal());
    }

    private string? Operator()
    {
        var op = text.Substring(_at, Math.Min(2, text.Length - _at)) switch
        {
            "==" or "!=" or "<=" or ">=" => text.Substring(_at, 2),
            var two when two.Length > 0 && two[0] is '<' or '>' => two[..1],
            _ => null,
        };
        _at += op?.Length ?? 0;
        return op;
    }

    private static Func<JsonElement, bool> Comparison(Func<JsonElement, JsonElement?> path, string op, JsonElement literal)
    {
        return e => path(e) is not { } value
            ? op == "!="
            : op switch
            {
                "==" => ValueEquals(value, literal),
                "!=" => !ValueEquals(value, literal),
                "<" => Order(value, literal) < 0,
                "<=" => Order(value, literal) <= 0,
                ">" => Order(value, literal) > 0,
                _ => Order(value, literal) >= 0,
            };
    }

    private JsonElement Literal()
    {
        if (Current is '\'' or '"')
        {
            return JsonSerializer.SerializeToElement(Quoted());
        }

        var start = _at;
        while (Current is not (' ' or ')' or ']' or '&' or '|' or '\0'))
        {
            _at++;
        }

        return JsonDocument.Parse(text[start.._at]).RootElement.Clone();
    }

    private Func<JsonElement, JsonElement?> Relative()
    {
        Take('@');
        var steps = new List<(string? Name, int Index)>();
        while (Current is '.' or '[')
        {
            if (Current == '.')
            {
                _at++;
                steps.Add((DotName(), 0));
                continue;
            }

            _at++;
            steps.Add(Current is '\'' or '"' ? (Quoted(), 0) : (null, Integer()));
            Take(']');
        }

        return element =>
        {
            JsonElement? current = element;
            foreach (var (name, index) in steps)
            {
                current = Step(current.Value, name, index);
                if (current is null)
                {
                    return null;
                }
            }

            return current;
        };
    }

    private static JsonElement? Step(JsonElement value, string? name, int index)
    {
        if (name is not null)
        {
            return value.ValueKind == JsonValueKind.Object
                ? value.EnumerateObject().Where(p => p.Name == name).Select(p => (JsonElement?)p.Value).FirstOrDefault()
                : null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var length = value.GetArrayLength();
        var i = index < 0 ? length + index : index;
        return i >= 0 && i < length ? value[i] : null;
    }

    private static bool ValueEquals(JsonElement value, JsonElement literal) =>
        value.ValueKind == literal.ValueKind && value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() == literal.GetString(),
            JsonValueKind.Number => value.GetDouble() == literal.GetDouble(),
            _ => true,
        };

    private static int? Order(JsonElement value, JsonElement literal)
    {
        if (value.ValueKind != literal.ValueKind)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble().CompareTo(literal.GetDouble()),
            JsonValueKind.String => CompareCodePoints(value.GetString()!, literal.GetString()!),
            _ => null,
        };
    }

    private static int CompareCodePoints(string x, string y)
    {
        var left = x.EnumerateRunes().Select(r => r.Value).ToArray();
        var right = y.EnumerateRunes().Select(r => r.Value).ToArray();
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            if (left[i] != right[i])
            {
                return left[i].CompareTo(right[i]);
            }
        }

        return left.Length.CompareTo(right.Length);
    }
}

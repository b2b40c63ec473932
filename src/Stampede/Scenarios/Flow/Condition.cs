using System.Globalization;
using Stampede.Scenarios.Templates;

namespace Stampede.Scenarios.Flow;

/// <summary>Comparison operators of conditions and checks.</summary>
internal enum Comparison : byte
{
    Truthy,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// An <c>if</c> condition: <c>"{{ count }} > 0"</c>, <c>"{{ role }} == admin"</c>, or one template that holds
/// when it renders to something other than empty, <c>false</c> or <c>0</c>. Both sides compare as numbers
/// when both are numbers, else as text.
/// </summary>
internal sealed class Condition(string source, Template left, Comparison comparison, Template? right)
{
    private static readonly (string Text, Comparison Comparison)[] Operators =
        [("==", Comparison.Equal), ("!=", Comparison.NotEqual), ("<=", Comparison.LessOrEqual), (">=", Comparison.GreaterOrEqual),
         ("<", Comparison.Less), (">", Comparison.Greater)];

    public bool Evaluate(FlowState state)
    {
        var l = left.Render(state);
        if (comparison == Comparison.Truthy)
        {
            return l.Length > 0 && l != "false" && l != "0";
        }

        return Compare(l, comparison, right!.Render(state));
    }

    /// <summary>Compares numerically when both sides are numbers, else ordinally.</summary>
    public static bool Compare(string left, Comparison comparison, string right)
    {
        var order = double.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                ? a.CompareTo(b)
                : string.CompareOrdinal(left, right);
        return comparison switch
        {
            Comparison.Equal => order == 0,
            Comparison.NotEqual => order != 0,
            Comparison.Less => order < 0,
            Comparison.LessOrEqual => order <= 0,
            Comparison.Greater => order > 0,
            Comparison.GreaterOrEqual => order >= 0,
            _ => false,
        };
    }

    /// <summary>Splits a condition at its operator (outside <c>{{ }}</c>) and compiles both sides.</summary>
    public static Condition? Compile(string text, SourceNode at, string path, TemplateScope scope, ScenarioDiagnostics diagnostics)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text.AsSpan(i).StartsWith("{{"))
            {
                depth++;
                i++;
                continue;
            }

            if (text.AsSpan(i).StartsWith("}}"))
            {
                depth--;
                i++;
                continue;
            }

            if (depth > 0)
            {
                continue;
            }

            foreach (var (op, comparison) in Operators)
            {
                if (text.AsSpan(i).StartsWith(op))
                {
                    var left = TemplateCompiler.Compile(text[..i].Trim(), at, path, scope, diagnostics);
                    var right = TemplateCompiler.Compile(text[(i + op.Length)..].Trim(), at, path, scope, diagnostics);
                    return left is null || right is null ? null : new Condition(text, left, comparison, right);
                }
            }
        }

        return TemplateCompiler.Compile(text.Trim(), at, path, scope, diagnostics) is { } only
            ? new Condition(text, only, Comparison.Truthy, null)
            : null;
    }

    public override string ToString() => source;
}

using System.Text.Json;

namespace Stampede.Scenarios.Json;

/// <summary>
/// A compiled filter: tests joined by <c>&amp;&amp;</c>, <c>||</c> and <c>!</c>, each an existence test
/// (<c>@.k</c>) or a comparison of a relative path with a literal (<c>@.k == 'v'</c>). Evaluation reads a
/// copy of the reader per test, so it allocates nothing.
/// </summary>
internal sealed class FilterExpression
{
    private enum Kind
    {
        And,
        Or,
        Not,
        Exists,
        Compare,
    }

    private readonly Kind _kind;
    private readonly FilterExpression? _left;
    private readonly FilterExpression? _right;
    private readonly RelativePath? _path;
    private readonly ComparisonOperator _op;
    private readonly FilterLiteral? _literal;

    private FilterExpression(Kind kind, FilterExpression? left = null, FilterExpression? right = null,
        RelativePath? path = null, ComparisonOperator op = default, FilterLiteral? literal = null)
    {
        _kind = kind;
        _left = left;
        _right = right;
        _path = path;
        _op = op;
        _literal = literal;
    }

    public static FilterExpression And(FilterExpression left, FilterExpression right) => new(Kind.And, left, right);

    public static FilterExpression Or(FilterExpression left, FilterExpression right) => new(Kind.Or, left, right);

    public static FilterExpression Not(FilterExpression operand) => new(Kind.Not, operand);

    public static FilterExpression Exists(RelativePath path) => new(Kind.Exists, path: path);

    public static FilterExpression Compare(RelativePath path, ComparisonOperator op, FilterLiteral literal) =>
        new(Kind.Compare, path: path, op: op, literal: literal);

    /// <summary>
    /// Evaluates the filter on the element the reader is on. The reader is taken by value: every test
    /// walks its own copy and the caller's position is untouched. A comparison whose path names nothing
    /// is false, except <c>!=</c>, which is true (nothing differs from every literal).
    /// </summary>
    public bool Evaluate(Utf8JsonReader element) => _kind switch
    {
        Kind.And => _left!.Evaluate(element) && _right!.Evaluate(element),
        Kind.Or => _left!.Evaluate(element) || _right!.Evaluate(element),
        Kind.Not => !_left!.Evaluate(element),
        Kind.Exists => _path!.TryNavigate(ref element),
        _ => _path!.TryNavigate(ref element) ? _literal!.Compare(ref element, _op) : _op == ComparisonOperator.NotEqual,
    };
}

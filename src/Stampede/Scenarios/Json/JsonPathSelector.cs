using System.Text;

namespace Stampede.Scenarios.Json;

/// <summary>What one selector inside a segment picks among the children of a value.</summary>
internal enum SelectorKind
{
    /// <summary><c>.name</c> or <c>['name']</c>: the member with that name.</summary>
    Name,

    /// <summary><c>[n]</c> or <c>[-n]</c>: one array element, counted from the end when negative.</summary>
    Index,

    /// <summary><c>*</c>: every member or element.</summary>
    Wildcard,

    /// <summary><c>[start:end]</c>: elements from start (inclusive) to end (exclusive).</summary>
    Slice,

    /// <summary><c>[?(…)]</c>: every member or element for which the expression holds.</summary>
    Filter,
}

/// <summary>One compiled selector; immutable and shared by every evaluation of its path.</summary>
internal sealed class JsonPathSelector
{
    private JsonPathSelector(SelectorKind kind)
    {
        Kind = kind;
    }

    public SelectorKind Kind { get; }

    /// <summary>The member name in UTF-8, for <see cref="SelectorKind.Name"/>.</summary>
    public byte[] Name { get; private init; } = [];

    /// <summary>The index for <see cref="SelectorKind.Index"/>, or the slice start.</summary>
    public int Index { get; private init; }

    /// <summary>The exclusive slice end; <see cref="int.MaxValue"/> when omitted.</summary>
    public int End { get; private init; }

    public FilterExpression? Filter { get; private init; }

    public static JsonPathSelector ForName(string name) => new(SelectorKind.Name) { Name = Encoding.UTF8.GetBytes(name) };

    public static JsonPathSelector ForIndex(int index) => new(SelectorKind.Index) { Index = index };

    public static JsonPathSelector ForWildcard() => new(SelectorKind.Wildcard);

    public static JsonPathSelector ForSlice(int start, int end) => new(SelectorKind.Slice) { Index = start, End = end };

    public static JsonPathSelector ForFilter(FilterExpression filter) => new(SelectorKind.Filter) { Filter = filter };

    /// <summary>Whether the element at <paramref name="index"/> of an array of <paramref name="length"/> is picked
    /// (length is -1 when unknown, which only negative indices need).</summary>
    public bool SelectsElement(int index, int length) => Kind switch
    {
        SelectorKind.Index => Index >= 0 ? index == Index : length + Index == index,
        SelectorKind.Wildcard => true,
        SelectorKind.Slice => index >= Index && index < End,
        _ => false,
    };
}

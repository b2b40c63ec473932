using System.Text.Json;

namespace Stampede.Scenarios.Json;

/// <summary>
/// One step of a path: the selectors that pick children of a value (several for a union), applied to the
/// value itself or, for a descendant segment (<c>..</c>), to the value and every value nested in it.
/// </summary>
internal sealed class JsonPathSegment
{
    private readonly JsonPathSelector[] _selectors;

    public JsonPathSegment(bool descendant, JsonPathSelector[] selectors)
    {
        Descendant = descendant;
        _selectors = selectors;
        foreach (var selector in selectors)
        {
            NeedsArrayLength |= selector.Kind == SelectorKind.Index && selector.Index < 0;
            HasFilter |= selector.Kind == SelectorKind.Filter;
        }

        IsSingular = !descendant && selectors.Length == 1 && selectors[0].Kind is SelectorKind.Name or SelectorKind.Index;
    }

    public bool Descendant { get; }

    /// <summary>A negative index needs the array's length before its elements are visited.</summary>
    public bool NeedsArrayLength { get; }

    public bool HasFilter { get; }

    /// <summary>Picks at most one child: a single name or index, not under <c>..</c>.</summary>
    public bool IsSingular { get; }

    /// <summary>Whether a name or wildcard selector picks the member whose name the reader is on.</summary>
    public bool SelectsMember(ref Utf8JsonReader propertyName)
    {
        foreach (var selector in _selectors)
        {
            if (selector.Kind == SelectorKind.Wildcard
                || (selector.Kind == SelectorKind.Name && propertyName.ValueTextEquals(selector.Name)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an index, slice or wildcard selector picks the element at <paramref name="index"/>.</summary>
    public bool SelectsElement(int index, int length)
    {
        foreach (var selector in _selectors)
        {
            if (selector.SelectsElement(index, length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a filter selector holds for the child value the reader is on (the reader is a copy).</summary>
    public bool FilterSelects(Utf8JsonReader value)
    {
        foreach (var selector in _selectors)
        {
            if (selector.Filter is { } filter && filter.Evaluate(value))
            {
                return true;
            }
        }

        return false;
    }
}

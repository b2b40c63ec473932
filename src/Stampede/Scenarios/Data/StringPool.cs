namespace Stampede.Scenarios.Data;

/// <summary>
/// Gives one string instance per distinct value of a column while a file loads, so a million rows
/// with the same country or password hold one copy of it. A column whose first values are mostly
/// distinct (ids, e-mails) stops pooling: there the dictionary would cost memory and time for nothing.
/// </summary>
internal sealed class StringPool
{
    /// <summary>Values looked at before deciding whether the column repeats enough to pool.</summary>
    internal const int SampleSize = 4096;

    /// <summary>Distinct values kept at most; later new values are still returned, just not pooled.</summary>
    internal const int MaxEntries = 1 << 16;

    private Dictionary<string, string>? _strings = new(StringComparer.Ordinal);
    private Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _seen;

    public StringPool() => _lookup = _strings!.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True while the pool still deduplicates (it gives up on mostly distinct columns).</summary>
    public bool IsPooling => _strings is not null;

    /// <summary>The string for <paramref name="text"/>: a pooled instance when the value was seen before.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return "";
        }

        if (_strings is null)
        {
            return new string(text);
        }

        _seen++;
        if (_lookup.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        var value = new string(text);
        if (_seen == SampleSize && _strings.Count > SampleSize / 2)
        {
            _strings = null;
            _lookup = default;
        }
        else if (_strings.Count < MaxEntries)
        {
            _strings.Add(value, value);
        }

        return value;
    }
}

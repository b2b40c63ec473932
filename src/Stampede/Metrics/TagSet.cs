using System.Text;

namespace Stampede.Metrics;

/// <summary>
/// An immutable set of tags (key:value), sorted by key. Tag sets are built when a plan is prepared,
/// not per request, and compare by value.
/// </summary>
public sealed class TagSet : IEquatable<TagSet>
{
    private readonly KeyValuePair<string, string>[] _tags;
    private readonly int _hash;

    /// <summary>The set with no tags.</summary>
    public static readonly TagSet Empty = new([]);

    private TagSet(KeyValuePair<string, string>[] sorted)
    {
        _tags = sorted;
        var hash = new HashCode();
        foreach (var (key, value) in sorted)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>Builds a tag set; a later duplicate key replaces an earlier one.</summary>
    public static TagSet Of(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            map[key] = value;
        }

        return map.Count == 0 ? Empty : new TagSet([.. map]);
    }

    /// <summary>Builds a tag set from key/value pairs.</summary>
    public static TagSet Of(params (string Key, string Value)[] tags) =>
        Of(tags.Select(t => KeyValuePair.Create(t.Key, t.Value)));

    /// <summary>The tags, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags => _tags;

    /// <summary>Number of tags.</summary>
    public int Count => _tags.Length;

    /// <summary>The value of a tag, or null.</summary>
    public string? this[string key]
    {
        get
        {
            foreach (var (k, v) in _tags)
            {
                if (string.Equals(k, key, StringComparison.Ordinal))
                {
                    return v;
                }
            }

            return null;
        }
    }

    /// <summary>This set with one tag added or replaced.</summary>
    public TagSet With(string key, string value) => Of(_tags.Append(KeyValuePair.Create(key, value)));

    /// <summary>True when every tag of <paramref name="filter"/> is in this set with the same value.</summary>
    public bool Contains(TagSet filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        foreach (var (key, value) in filter._tags)
        {
            if (!string.Equals(this[key], value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(TagSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._hash != _hash || other._tags.Length != _tags.Length)
        {
            return false;
        }

        for (var i = 0; i < _tags.Length; i++)
        {
            if (!string.Equals(_tags[i].Key, other._tags[i].Key, StringComparison.Ordinal) ||
                !string.Equals(_tags[i].Value, other._tags[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TagSet);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>k6's sub-metric form: <c>{method:GET,name:login}</c>, or empty for no tags.</summary>
    public override string ToString()
    {
        if (_tags.Length == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder("{");
        for (var i = 0; i < _tags.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(_tags[i].Key).Append(':').Append(_tags[i].Value);
        }

        return sb.Append('}').ToString();
    }
}

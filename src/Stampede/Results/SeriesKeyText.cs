using System.Text.Json;
using Stampede.Metrics;

namespace Stampede.Results;

/// <summary>
/// The <c>name{key:value,…}</c> keys of a results file (k6's sub-metric form). The form has no escaping, so
/// a tag set it cannot carry unambiguously is also written as an explicit <c>tags</c> object, which wins on read.
/// </summary>
internal static class SeriesKeyText
{
    /// <summary>Orders series by metric name, then by tag text, so files are deterministic.</summary>
    public static int Compare((string Name, string Tags) x, (string Name, string Tags) y)
    {
        var byName = string.CompareOrdinal(x.Name, y.Name);
        return byName != 0 ? byName : string.CompareOrdinal(x.Tags, y.Tags);
    }

    /// <summary>True when <see cref="Parse"/> could not recover <paramref name="tags"/> from the key alone.</summary>
    public static bool NeedsExplicitTags(TagSet tags)
    {
        foreach (var (key, value) in tags.Tags)
        {
            // Pairs are split at ',' and each pair at its first ':'; a ':' in a value is therefore fine.
            if (key.Length == 0 || key.Contains(',', StringComparison.Ordinal) || key.Contains(':', StringComparison.Ordinal) ||
                value.Contains(',', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a key into the metric name and the tag set (empty when the key has no braces).</summary>
    public static (string Name, TagSet Tags) Parse(string key, JsonElement entry, string path)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return (key, TagSet.Empty);
        }

        if (open == 0 || key[^1] != '}')
        {
            throw new FormatException($"{path}: expected name{{key:value,...}}");
        }

        var name = key[..open];
        if (JsonFields.Find(entry, "tags") is { } explicitTags)
        {
            if (explicitTags.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{JsonFields.Join(path, "tags")}: expected an object");
            }

            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var property in explicitTags.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : throw new FormatException($"{JsonFields.Join(path, "tags")}.{property.Name}: expected a string");
                pairs.Add(KeyValuePair.Create(property.Name, value));
            }

            return (name, TagSet.Of(pairs));
        }

        var inner = key.AsSpan(open + 1, key.Length - open - 2);
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var range in inner.Split(','))
        {
            var pair = inner[range];
            if (pair.IsEmpty && inner.IsEmpty)
            {
                break;
            }

            var colon = pair.IndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"{path}: tag '{pair}' is not key:value");
            }

            tags.Add(KeyValuePair.Create(pair[..colon].ToString(), pair[(colon + 1)..].ToString()));
        }

        return (name, TagSet.Of(tags));
    }
}

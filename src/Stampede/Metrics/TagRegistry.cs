using System.Collections.Concurrent;

namespace Stampede.Metrics;

/// <summary>
/// Interns tag sets to small integer ids, so the hot path carries an <see cref="int"/> instead of a
/// tag set. Ids are handed out when a plan is prepared; lookups by id never lock.
/// </summary>
public sealed class TagRegistry
{
    private readonly ConcurrentDictionary<TagSet, int> _ids = new();
    private readonly Lock _gate = new();
    private volatile TagSet[] _byId = [];

    /// <summary>The id of a tag set, assigning a new one the first time.</summary>
    public int Intern(TagSet tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (_ids.TryGetValue(tags, out var id))
        {
            return id;
        }

        lock (_gate)
        {
            if (_ids.TryGetValue(tags, out id))
            {
                return id;
            }

            var byId = _byId;
            id = byId.Length;
            _byId = [.. byId, tags];
            _ids[tags] = id;
            return id;
        }
    }

    /// <summary>The tag set with the given id.</summary>
    public TagSet this[int id] => _byId[id];

    /// <summary>How many tag sets are registered.</summary>
    public int Count => _byId.Length;
}

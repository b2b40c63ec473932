namespace Stampede.Scenarios;

/// <summary>"Did you mean" for misspelt keys and names.</summary>
internal static class Suggestions
{
    /// <summary>Most edits (insert, delete, substitute, swap neighbours) between a typo and its suggestion.</summary>
    public const int MaxDistance = 2;

    /// <summary>The candidate closest to <paramref name="input"/> within <see cref="MaxDistance"/>, or null.
    /// Case is ignored when measuring, because <c>Duration</c> for <c>duration</c> is the commonest slip.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = MaxDistance + 1;
        foreach (var candidate in candidates)
        {
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>A hint for an unknown key or name: the closest candidate, or the list of valid ones.</summary>
    public static string Hint(string input, IReadOnlyCollection<string> candidates) =>
        Closest(input, candidates) is { } match
            ? $"did you mean `{match}`?"
            : "valid here: " + string.Join(", ", candidates);

    /// <summary>Optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of a substring).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

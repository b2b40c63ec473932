using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Stampede.Scenarios.Flow;

/// <summary>
/// A check's or extractor's regex over a UTF-8 body, which is decoded into a pooled buffer. The value it
/// yields is group 1 of the first match, or the whole match when the pattern has no group.
/// </summary>
/// <remarks>
/// .NET's regex engine matches spans without allocating but reports capture groups only through a
/// <see cref="Match"/> over a string (dotnet/runtime#73223). So a pattern with a group is first run over the
/// pooled buffer to find its match; when the pattern is context-free (<see cref="IsContextFree"/>) only that
/// match's text becomes a string and is matched again for the groups, else the whole body does.
/// </remarks>
internal sealed class BodyRegex(Regex pattern)
{
    public Regex Pattern { get; } = pattern;

    /// <summary>The pattern captures a group: its value is group 1.</summary>
    public bool HasGroups { get; } = pattern.GetGroupNumbers().Length > 1;

    /// <summary>Matches depend only on the text they consume (see <see cref="IsContextFree"/>).</summary>
    public bool ContextFree { get; } = IsContextFree(pattern.ToString());

    /// <inheritdoc />
    public override string ToString() => Pattern.ToString();

    /// <summary>
    /// Whether a match of <paramref name="pattern"/> depends only on the characters it consumes: no anchors
    /// (<c>^ $ \A \z \Z \G</c>), word boundaries (<c>\b \B</c>), lookarounds or conditionals, and no <c>#</c>
    /// (a comment in <c>(?x)</c> mode could hide any of them). Then the pattern run over its own match text alone
    /// takes the same path, so it finds the same groups: a path that succeeds there consumes the same characters
    /// in the body, and the paths tried before it failed on those same characters.
    /// </summary>
    public static bool IsContextFree(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
            if (c == '\\')
            {
                // Inside a class \b is a backspace, not a boundary.
                if (!inClass && next is 'b' or 'B' or 'A' or 'z' or 'Z' or 'G')
                {
                    return false;
                }

                i++;
                continue;
            }

            if (c == '#')
            {
                return false;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            switch (c)
            {
                case '^' or '$':
                    return false;
                case '[':
                    inClass = true;

                    // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                    i += next == '^' ? 1 : 0;
                    i += i + 1 < pattern.Length && pattern[i + 1] == ']' ? 1 : 0;
                    break;
                case '(' when next == '?' && i + 2 < pattern.Length:
                    var kind = pattern[i + 2];
                    var after = i + 3 < pattern.Length ? pattern[i + 3] : '\0';
                    if (kind is '=' or '!' or '(' || (kind == '<' && after is '=' or '!'))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>Whether the body has a match. Allocates nothing.</summary>
    public bool IsMatch(ReadOnlySpan<byte> body)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(body.Length));
        try
        {
            return Pattern.IsMatch(chars.AsSpan(0, Encoding.UTF8.GetChars(body, chars)));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The value (group 1, or the whole match) of the first match, or null without one.</summary>
    public string? FirstValue(ReadOnlySpan<byte> body)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(body.Length));
        try
        {
            var text = chars.AsSpan(0, Encoding.UTF8.GetChars(body, chars));
            if (HasGroups && !ContextFree)
            {
                return Pattern.Match(text.ToString()) is { Success: true } whole ? whole.Groups[1].Value : null;
            }

            foreach (var found in Pattern.EnumerateMatches(text))
            {
                var matched = text.Slice(found.Index, found.Length);
                return HasGroups ? Groups(matched, text).Groups[1].Value : matched.ToString();
            }

            return null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Whether the first match's value passes <paramref name="test"/>; false without a match.</summary>
    public bool TestFirstValue(ReadOnlySpan<byte> body, ValueMatch test, FlowState state)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(body.Length));
        try
        {
            var text = chars.AsSpan(0, Encoding.UTF8.GetChars(body, chars));
            if (HasGroups && !ContextFree)
            {
                return Pattern.Match(text.ToString()) is { Success: true } whole && test.Test(whole.Groups[1].ValueSpan, state);
            }

            foreach (var found in Pattern.EnumerateMatches(text))
            {
                var matched = text.Slice(found.Index, found.Length);
                return test.Test(HasGroups ? Groups(matched, text).Groups[1].ValueSpan : matched, state);
            }

            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The groups of a match found in <paramref name="body"/>, from the match's text alone (a context-free pattern).</summary>
    private Match Groups(ReadOnlySpan<char> matched, ReadOnlySpan<char> body)
    {
        var match = Pattern.Match(matched.ToString());

        // IsContextFree's argument guarantees the same whole match; should a pattern ever defeat it, the body decides.
        return match.Success && match.Index == 0 && match.Length == matched.Length ? match : Pattern.Match(body.ToString());
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Scenarios.Json;
using Stampede.Scenarios.Templates;

namespace Stampede.Scenarios.Flow;

/// <summary>
/// A check on a response, compiled at load. Checks are never fatal: each result is counted in the
/// <c>checks</c> metric under the check's name. Evaluating allocates nothing except, for a failure, the
/// text saying what was found (and the expected value when it is a template).
/// </summary>
internal abstract class Check(string name)
{
    private static readonly Func<Check, TagSet, TagSet> SeriesTags = static (check, scenarioTags) =>
        check.Group.Length == 0 ? scenarioTags.With("check", check.Name) : scenarioTags.With("group", check.Group).With("check", check.Name);

    /// <summary>The check's name (tag <c>check</c>): given in the file or derived from it, e.g. <c>status is 200</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The group path of the request it belongs to, or empty.</summary>
    public string Group { get; set; } = "";

    /// <summary>The response body must be captured.</summary>
    public virtual bool NeedsBody => false;

    /// <summary>Which response headers must be kept.</summary>
    public virtual HeaderCapture NeedsHeaders => HeaderCapture.None;

    /// <summary>Judges the response; on failure <paramref name="observed"/> says what was found.</summary>
    public abstract bool Evaluate(in HttpExchange exchange, FlowState state, out string? observed);

    /// <summary>Evaluates and records the outcome in the <c>checks</c> metric (and a failure as <c>check_failed</c>).</summary>
    public bool Run(in HttpExchange exchange, FlowState state, out string? observed)
    {
        var passed = Evaluate(exchange, state, out observed);
        var vu = state.Vu;
        var series = vu.Scenario.SeriesFor(this, SeriesTags);
        vu.Recorder.RecordCheck(series, passed);
        if (!passed)
        {
            vu.Recorder.RecordError(ErrorKind.CheckFailed, $"check '{Name}' failed: {observed}");
        }

        return passed;
    }

    protected static string Printable(string text, int max = 120) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}

/// <summary><c>{ status: 200 }</c> or <c>{ status: [200, 201] }</c>.</summary>
internal sealed class StatusCheck(string name, int[] statuses) : Check(name)
{
    public override bool Evaluate(in HttpExchange exchange, FlowState state, out string? observed)
    {
        if (Array.IndexOf(statuses, exchange.Status) >= 0)
        {
            observed = null;
            return true;
        }

        observed = exchange.Status == 0 ? $"no response ({exchange.ErrorMessage})" : $"status {exchange.Status}";
        return false;
    }
}

/// <summary><c>{ durationBelow: 200ms }</c>: from sending to the end of the response.</summary>
internal sealed class DurationCheck(string name, TimeSpan limit) : Check(name)
{
    private readonly long _limitTicks = (long)(limit.TotalSeconds * Stopwatch.Frequency);

    public override bool Evaluate(in HttpExchange exchange, FlowState state, out string? observed)
    {
        var ticks = exchange.End - exchange.Start;
        if (ticks < _limitTicks && exchange.Status != 0)
        {
            observed = null;
            return true;
        }

        observed = exchange.Status == 0 ? "no response" : $"took {ticks * 1000.0 / Stopwatch.Frequency:F1} ms";
        return false;
    }
}

/// <summary>What a header, JSONPath or regex check asks of the value it selects.</summary>
internal enum MatchKind : byte
{
    Exists,
    Absent,
    Equals,
    NotEquals,
    Contains,
    Matches,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>The operator of a value check: a kind plus its expected text, number or pattern.</summary>
internal sealed class ValueMatch(MatchKind kind, Template? expected, double number, Regex? pattern)
{
    public MatchKind Kind { get; } = kind;

    public Template? Expected { get; } = expected;

    public double Number { get; } = number;

    public Regex? Pattern { get; } = pattern;

    /// <summary>Judges a selected text value (null when the selector found nothing).</summary>
    public bool Test(string? value, FlowState state)
    {
        if (Kind == MatchKind.Exists)
        {
            return value is not null;
        }

        if (Kind == MatchKind.Absent)
        {
            return value is null;
        }

        if (value is null)
        {
            return false;
        }

        return Kind switch
        {
            MatchKind.Equals => value == Expected!.Render(state),
            MatchKind.NotEquals => value != Expected!.Render(state),
            MatchKind.Contains => value.Contains(Expected!.Render(state), StringComparison.Ordinal),
            MatchKind.Matches => Pattern!.IsMatch(value),
            _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Compare(number),
        };
    }

    public bool Compare(double value) => Kind switch
    {
        MatchKind.Less => value < Number,
        MatchKind.LessOrEqual => value <= Number,
        MatchKind.Greater => value > Number,
        MatchKind.GreaterOrEqual => value >= Number,
        _ => false,
    };
}

/// <summary><c>{ header: Content-Type, contains: json }</c> (also exists, absent, equals, matches).</summary>
internal sealed class HeaderCheck(string name, string header, ValueMatch match) : Check(name)
{
    public override HeaderCapture NeedsHeaders => HeaderCapture.All;

    public override bool Evaluate(in HttpExchange exchange, FlowState state, out string? observed)
    {
        var value = Headers.Find(exchange.Headers, header);
        if (match.Test(value, state))
        {
            observed = null;
            return true;
        }

        observed = value is null ? $"no {header} header" : $"{header}: {Printable(value)}";
        return false;
    }
}

/// <summary><c>{ bodyContains: "ok" }</c>: the captured body holds the text (UTF-8), searched without decoding.</summary>
internal sealed class BodyContainsCheck(string name, Template text) : Check(name)
{
    private readonly byte[]? _constant = text.Constant is { } constant ? Encoding.UTF8.GetBytes(constant) : null;

    public override bool NeedsBody => true;

    public override bool Evaluate(in HttpExchange exchange, FlowState state, out string? observed)
    {
        var needle = _constant ?? Encoding.UTF8.GetBytes(text.Render(state));
        if (exchange.Body.Span.IndexOf(needle) >= 0)
        {
            observed = null;
            return true;
        }

        observed = exchange.Body.IsEmpty ? "empty body" : $"body without it ({exchange.Body.Length} bytes)";
        return false;
    }
}

/// <summary><c>{ regex: "id=(\d+)" }</c>: the body matches; with an operator, group 1 (or the match) is tested.</summary>
internal sealed class RegexCheck(string name, Regex pattern, ValueMatch? match) : Check(name)
{
    public override bool NeedsBody => true;

    public override bool Evaluate(in HttpExchange exchange, FlowState state, out string? observed)
    {
        if (match is null || match.Kind is MatchKind.Exists or MatchKind.Absent)
        {
            var found = Bodies.IsMatch(pattern, exchange.Body.Span);
            var wanted = match?.Kind != MatchKind.Absent;
            observed = found == wanted ? null : found ? "the body matches" : "no match in the body";
            return found == wanted;
        }

        var value = Bodies.FirstGroup(pattern, exchange.Body.Span);
        if (match.Test(value, state))
        {
            observed = null;
            return true;
        }

        observed = value is null ? "no match in the body" : $"matched '{Printable(value)}'";
        return false;
    }
}

/// <summary><c>{ jsonpath: $.plaintext, exists: true }</c>, <c>equals</c>, <c>lt</c>… on the JSON body.</summary>
internal sealed class JsonPathCheck(string name, JsonPath path, ValueMatch match) : Check(name)
{
    public override bool NeedsBody => true;

    public override bool Evaluate(in HttpExchange exchange, FlowState state, out string? observed)
    {
        var body = exchange.Body.Span;
        var found = path.TryFind(body, out var value);
        bool passed;
        switch (match.Kind)
        {
            case MatchKind.Exists:
                passed = found;
                break;
            case MatchKind.Absent:
                passed = !found;
                break;
            case MatchKind.Equals when found:
                passed = value.ValueEquals(body, match.Expected!.Render(state));
                break;
            case MatchKind.NotEquals when found:
                passed = !value.ValueEquals(body, match.Expected!.Render(state));
                break;
            case MatchKind.Less or MatchKind.LessOrEqual or MatchKind.Greater or MatchKind.GreaterOrEqual when found:
                passed = value.TryGetDouble(body, out var number) && match.Compare(number);
                break;
            default:
                passed = found && match.Test(value.GetString(body), state);
                break;
        }

        observed = passed ? null
            : !found ? (exchange.Body.IsEmpty ? "empty body" : $"{path.Text} not found")
            : $"{path.Text} = {Printable(value.GetString(body))}";
        return passed;
    }
}

/// <summary>Regex over a UTF-8 body without allocating: decoded into a pooled buffer.</summary>
internal static class Bodies
{
    public static bool IsMatch(Regex pattern, ReadOnlySpan<byte> body)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(body.Length));
        try
        {
            var count = Encoding.UTF8.GetChars(body, chars);
            return pattern.IsMatch(chars.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Group 1 of the first match (the whole match when the pattern has no group), or null.</summary>
    public static string? FirstGroup(Regex pattern, ReadOnlySpan<byte> body)
    {
        var match = pattern.Match(Encoding.UTF8.GetString(body));
        return !match.Success ? null : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
    }
}

/// <summary>Header lookups on a captured header list.</summary>
internal static class Headers
{
    public static string? Find(IReadOnlyList<KeyValuePair<string, string>>? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return headers[i].Value;
            }
        }

        return null;
    }
}

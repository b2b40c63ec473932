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
/// text saying what was found — and, for a regex with a capture group and an operator, the match (or the
/// body) as a string and .NET's match objects (see <see cref="BodyRegex"/>).
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
    public bool Test(string? value, FlowState state) => Kind switch
    {
        MatchKind.Exists => value is not null,
        MatchKind.Absent => value is null,
        _ => value is not null && Test(value.AsSpan(), state),
    };

    /// <summary>
    /// Judges a value the selector found. Allocates nothing: an expected value that is a template is rendered
    /// into a pooled buffer and compared there.
    /// </summary>
    public bool Test(ReadOnlySpan<char> value, FlowState state)
    {
        switch (Kind)
        {
            case MatchKind.Exists:
                return true;
            case MatchKind.Absent:
                return false;
            case MatchKind.Matches:
                return Pattern!.IsMatch(value);
            case MatchKind.Equals or MatchKind.NotEquals or MatchKind.Contains:
                if (Expected!.Constant is { } constant)
                {
                    return TestText(value, constant);
                }

                var writer = new TemplateWriter(Expected.Source.Length + 32);
                try
                {
                    Expected.RenderTo(ref writer, state);
                    return TestText(value, writer.Written);
                }
                finally
                {
                    writer.Dispose();
                }

            default:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Compare(number);
        }
    }

    public bool Compare(double value) => Kind switch
    {
        MatchKind.Less => value < Number,
        MatchKind.LessOrEqual => value <= Number,
        MatchKind.Greater => value > Number,
        MatchKind.GreaterOrEqual => value >= Number,
        _ => false,
    };

    private bool TestText(ReadOnlySpan<char> value, ReadOnlySpan<char> expected) => Kind switch
    {
        MatchKind.Equals => value.SequenceEqual(expected),
        MatchKind.NotEquals => !value.SequenceEqual(expected),
        _ => value.Contains(expected, StringComparison.Ordinal),
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
        if (_constant is null ? ContainsRendered(exchange.Body.Span, state) : exchange.Body.Span.IndexOf(_constant) >= 0)
        {
            observed = null;
            return true;
        }

        observed = exchange.Body.IsEmpty ? "empty body" : $"body without it ({exchange.Body.Length} bytes)";
        return false;
    }

    /// <summary>Renders the text and encodes it as UTF-8, both in pooled buffers, then searches the body.</summary>
    private bool ContainsRendered(ReadOnlySpan<byte> body, FlowState state)
    {
        var writer = new TemplateWriter(text.Source.Length + 32);
        byte[]? needle = null;
        try
        {
            text.RenderTo(ref writer, state);
            needle = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(writer.Length));
            var count = Encoding.UTF8.GetBytes(writer.Written, needle);
            return body.IndexOf(needle.AsSpan(0, count)) >= 0;
        }
        finally
        {
            writer.Dispose();
            if (needle is not null)
            {
                ArrayPool<byte>.Shared.Return(needle);
            }
        }
    }
}

/// <summary><c>{ regex: "id=(\d+)" }</c>: the body matches; with an operator, group 1 (or the match) is tested.</summary>
internal sealed class RegexCheck(string name, Regex pattern, ValueMatch? match) : Check(name)
{
    private readonly BodyRegex _regex = new(pattern);

    public override bool NeedsBody => true;

    public override bool Evaluate(in HttpExchange exchange, FlowState state, out string? observed)
    {
        if (match is null || match.Kind is MatchKind.Exists or MatchKind.Absent)
        {
            var found = _regex.IsMatch(exchange.Body.Span);
            var wanted = match?.Kind != MatchKind.Absent;
            observed = found == wanted ? null : found ? "the body matches" : "no match in the body";
            return found == wanted;
        }

        if (_regex.TestFirstValue(exchange.Body.Span, match, state))
        {
            observed = null;
            return true;
        }

        // Only a failure pays for the text of what was found.
        var value = _regex.FirstValue(exchange.Body.Span);
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
                passed = ValueEquals(value, body, state);
                break;
            case MatchKind.NotEquals when found:
                passed = !ValueEquals(value, body, state);
                break;
            case MatchKind.Less or MatchKind.LessOrEqual or MatchKind.Greater or MatchKind.GreaterOrEqual when found:
                passed = value.TryGetDouble(body, out var number) && match.Compare(number);
                break;
            default:
                passed = found && TestText(value, body, state);
                break;
        }

        observed = passed ? null
            : !found ? (exchange.Body.IsEmpty ? "empty body" : $"{path.Text} not found")
            : $"{path.Text} = {Printable(value.GetString(body))}";
        return passed;
    }

    /// <summary>JSON equality with the expected value; a template is rendered into a pooled buffer.</summary>
    private bool ValueEquals(JsonMatch value, ReadOnlySpan<byte> body, FlowState state)
    {
        var expected = match.Expected!;
        if (expected.Constant is { } constant)
        {
            return value.ValueEquals(body, constant);
        }

        var writer = new TemplateWriter(expected.Source.Length + 32);
        try
        {
            expected.RenderTo(ref writer, state);
            return value.ValueEquals(body, writer.Written);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>contains / matches on the value as text (unescaped string, else its JSON text), decoded into a pooled buffer.</summary>
    private bool TestText(JsonMatch value, ReadOnlySpan<byte> body, FlowState state)
    {
        var chars = ArrayPool<char>.Shared.Rent(value.Length);
        try
        {
            var count = value.CopyString(body, chars);
            return match.Test(chars.AsSpan(0, count), state);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
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

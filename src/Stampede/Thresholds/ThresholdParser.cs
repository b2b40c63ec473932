using System.Globalization;
using System.Text.RegularExpressions;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Scenarios;

namespace Stampede.Thresholds;

/// <summary>Parses thresholds in k6's syntax: a target (<c>metric{tag:value,…}</c>) and expressions.</summary>
public static partial class ThresholdParser
{
    private static readonly Dictionary<MetricType, string[]> Statistics = new()
    {
        [MetricType.Trend] = ["p(N)", "avg", "med", "min", "max"],
        [MetricType.Counter] = ["count", "rate"],
        [MetricType.Rate] = ["rate"],
        [MetricType.Gauge] = ["value", "min", "max"],
    };

    /// <summary>
    /// Parses one threshold. Every problem is reported, each as one line naming the threshold, what is
    /// wrong and a hint.
    /// </summary>
    /// <param name="target">The metric and filter, e.g. <c>http_req_duration{name:encrypt}</c>.</param>
    /// <param name="expression">The condition, e.g. <c>p(95)&lt;500</c> or <c>rate&lt;0.01 over 30s</c>.</param>
    /// <exception cref="InvalidInputException">The threshold is invalid.</exception>
    public static Threshold Parse(string target, string expression)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(expression);
        var errors = new List<string>();
        var threshold = TryParse(target, expression, errors);
        return threshold ?? throw new InvalidInputException(string.Join(Environment.NewLine, errors));
    }

    /// <summary>
    /// Parses <c>target: expression</c> on one line, as a command-line flag carries it, e.g.
    /// <c>http_req_duration{name:encrypt}: p(95)&lt;100</c> (the colon inside the braces is the filter's).
    /// </summary>
    /// <exception cref="InvalidInputException">The threshold is invalid.</exception>
    public static Threshold ParseLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var depth = 0;
        for (var i = 0; i < line.Length; i++)
        {
            depth += line[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (line[i] == ':' && depth == 0)
            {
                return Parse(line[..i].Trim(), line[(i + 1)..].Trim());
            }
        }

        throw new InvalidInputException($"threshold `{line}`: write it as METRIC: CONDITION, e.g. `http_req_duration: p(95)<500`");
    }

    /// <summary>Parses one threshold, adding each problem to <paramref name="errors"/>; null when invalid.</summary>
    public static Threshold? TryParse(string target, string expression, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(errors);
        var source = $"{target}: {expression}";
        var before = errors.Count;
        var (metric, filter) = ParseTarget(target.Trim(), source, errors);
        var match = ExpressionPattern().Match(expression);
        if (!match.Success)
        {
            errors.Add($"threshold `{source}`: `{expression}` is not a condition; write it as STATISTIC OPERATOR NUMBER, " +
                "e.g. `p(95)<500`, `rate<0.01`, `avg<=200 over 30s`");
            return null;
        }

        var statistic = ParseStatistic(match.Groups["stat"].Value, out var percentile);
        if (statistic is null)
        {
            errors.Add($"threshold `{source}`: unknown statistic `{match.Groups["stat"].Value}`; " +
                Suggestions.Hint(match.Groups["stat"].Value, ["p(95)", "avg", "med", "min", "max", "count", "rate", "value"]));
        }
        else if (percentile is < 0 or > 100)
        {
            errors.Add($"threshold `{source}`: a percentile is from 0 to 100, not {percentile.ToString(CultureInfo.InvariantCulture)}");
        }
        else if (metric is not null && !Allowed(metric.Type, statistic.Value))
        {
            errors.Add($"threshold `{source}`: `{match.Groups["stat"].Value}` does not apply to {metric.Name}, a " +
                $"{metric.Type.ToString().ToLowerInvariant()} metric; use {string.Join(", ", Statistics[metric.Type])}");
        }

        if (!double.TryParse(match.Groups["limit"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) || !double.IsFinite(limit))
        {
            errors.Add($"threshold `{source}`: `{match.Groups["limit"].Value}` is not a number");
        }

        TimeSpan? window = null;
        if (match.Groups["window"].Success)
        {
            if (Durations.TryParse(match.Groups["window"].Value, out var length) && length >= TimeSpan.FromSeconds(1))
            {
                window = length;
            }
            else
            {
                errors.Add($"threshold `{source}`: the window `{match.Groups["window"].Value}` must be a duration of 1s or more, e.g. `over 30s`");
            }
        }

        if (errors.Count != before || metric is null || statistic is null)
        {
            return null;
        }

        return new Threshold
        {
            Metric = metric,
            Filter = filter,
            Statistic = statistic.Value,
            Percentile = percentile,
            Operator = ParseOperator(match.Groups["op"].Value),
            Limit = limit,
            Window = window,
            Source = source,
            Expression = expression.Trim(),
        };
    }

    private static (MetricDefinition? Metric, TagSet Filter) ParseTarget(string target, string source, ICollection<string> errors)
    {
        var brace = target.IndexOf('{', StringComparison.Ordinal);
        var name = (brace < 0 ? target : target[..brace]).Trim();
        MetricDefinition? metric = null;
        if (!BuiltinMetrics.ByName.TryGetValue(name, out metric))
        {
            errors.Add($"threshold `{source}`: unknown metric `{name}`; {Suggestions.Hint(name, [.. BuiltinMetrics.ByName.Keys])}");
        }

        if (brace < 0)
        {
            return (metric, TagSet.Empty);
        }

        if (!target.EndsWith('}'))
        {
            errors.Add($"threshold `{source}`: the tag filter must end with `}}`, e.g. `{name}{{name:encrypt}}`");
            return (metric, TagSet.Empty);
        }

        var tags = new List<(string, string)>();
        foreach (var part in target[(brace + 1)..^1].Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == part.Length - 1)
            {
                errors.Add($"threshold `{source}`: `{part}` is not a tag filter; write `key:value`, e.g. `name:encrypt` or `status:429`");
                continue;
            }

            tags.Add((part[..colon].Trim(), part[(colon + 1)..].Trim()));
        }

        return (metric, TagSet.Of([.. tags]));
    }

    private static ThresholdStatistic? ParseStatistic(string text, out double percentile)
    {
        percentile = 0;
        var p = PercentilePattern().Match(text);
        if (p.Success)
        {
            percentile = double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
            return ThresholdStatistic.Percentile;
        }

        return text switch
        {
            "avg" => ThresholdStatistic.Avg,
            "med" => ThresholdStatistic.Med,
            "min" => ThresholdStatistic.Min,
            "max" => ThresholdStatistic.Max,
            "count" => ThresholdStatistic.Count,
            "rate" => ThresholdStatistic.Rate,
            "value" => ThresholdStatistic.Value,
            _ => null,
        };
    }

    private static bool Allowed(MetricType type, ThresholdStatistic statistic) => type switch
    {
        MetricType.Trend => statistic is ThresholdStatistic.Percentile or ThresholdStatistic.Avg or ThresholdStatistic.Med
            or ThresholdStatistic.Min or ThresholdStatistic.Max,
        MetricType.Counter => statistic is ThresholdStatistic.Count or ThresholdStatistic.Rate,
        MetricType.Rate => statistic is ThresholdStatistic.Rate,
        _ => statistic is ThresholdStatistic.Value or ThresholdStatistic.Min or ThresholdStatistic.Max,
    };

    private static ThresholdOperator ParseOperator(string text) => text switch
    {
        "<" => ThresholdOperator.Less,
        "<=" => ThresholdOperator.LessOrEqual,
        ">" => ThresholdOperator.Greater,
        ">=" => ThresholdOperator.GreaterOrEqual,
        "==" or "===" => ThresholdOperator.Equal,
        _ => ThresholdOperator.NotEqual,
    };

    [GeneratedRegex(@"^\s*(?<stat>[a-z]+(\([^)]*\))?)\s*(?<op><=|>=|===|==|!=|<|>)\s*(?<limit>[^\s]+)\s*(over\s+(?<window>\S+)\s*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpressionPattern();

    [GeneratedRegex(@"^p\(\s*(-?\d+(\.\d+)?)\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex PercentilePattern();
}

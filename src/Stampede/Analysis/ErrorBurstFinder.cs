using Stampede.Metrics;
using static Stampede.Analysis.FindingText;

namespace Stampede.Analysis;

/// <summary>
/// Error bursts: failed requests concentrated in time rather than spread over the run. An interval is hot when
/// its failure rate is well above the run's typical (median) interval; hot intervals close together form a
/// burst, kept when it holds enough failures at a rate well above the rest of the run. See docs/findings.md.
/// </summary>
internal static class ErrorBurstFinder
{
    /// <summary>A hot interval has at least this many failed requests…</summary>
    public const int MinIntervalErrors = 3;

    /// <summary>…at more than this many times the median interval's failure rate; a burst's rate, too, must be this many times the rest of the run's.</summary>
    public const double RateFactor = 4.0;

    /// <summary>Hot intervals at most this many intervals apart belong to one burst.</summary>
    public const int MaxGapIntervals = 2;

    /// <summary>A burst holds at least this many failed requests.</summary>
    public const int MinBurstErrors = 10;

    /// <summary>At most this many bursts are reported (the largest), in time order.</summary>
    public const int MaxBursts = 3;

    public static IEnumerable<Finding> Find(LoadSeries series)
    {
        var points = series.Points;
        long totalRequests = 0, totalFailed = 0;
        var rates = new List<double>(points.Count);
        foreach (var point in points)
        {
            totalRequests += point.Requests;
            totalFailed += point.Failed;
            if (point.Requests > 0)
            {
                rates.Add((double)point.Failed / point.Requests);
            }
        }

        if (totalFailed < MinBurstErrors || rates.Count == 0)
        {
            return [];
        }

        var typical = DegradationFinder.Median(rates);
        var bursts = new List<Burst>();
        var (first, last) = (-1, -1);
        for (var i = 0; i <= points.Count; i++)
        {
            var hot = i < points.Count && points[i].Failed >= MinIntervalErrors && points[i].Failed > RateFactor * typical * points[i].Requests;
            if (hot && first >= 0 && i - last > MaxGapIntervals + 1)
            {
                bursts.Add(Measure(points, first, last, totalRequests, totalFailed));
                first = -1;
            }

            if (hot)
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        if (first >= 0)
        {
            bursts.Add(Measure(points, first, last, totalRequests, totalFailed));
        }

        return [.. bursts
            .Where(b => b.Errors >= MinBurstErrors && b.Requests < totalRequests && b.Rate > RateFactor * b.RateElsewhere)
            .OrderByDescending(b => b.Errors).ThenBy(b => b.First)
            .Take(MaxBursts)
            .OrderBy(b => b.First)
            .Select(b => Describe(series, b, totalFailed))];
    }

    private static Burst Measure(IReadOnlyList<LoadSeries.Point> points, int first, int last, long totalRequests, long totalFailed)
    {
        long requests = 0, errors = 0;
        for (var i = first; i <= last; i++)
        {
            requests += points[i].Requests;
            errors += points[i].Failed;
        }

        var elsewhere = totalRequests - requests;
        return new Burst(first, last, requests, errors, requests == 0 ? 0 : (double)errors / requests,
            elsewhere == 0 ? 0 : (double)(totalFailed - errors) / elsewhere);
    }

    private static Finding Describe(LoadSeries series, Burst burst, long totalFailed)
    {
        var points = series.Points;
        var start = points[burst.First].Interval.Offset;
        var end = points[burst.Last].Interval.Offset + points[burst.Last].Interval.Length;
        var kinds = new Dictionary<ErrorKind, long>();
        var loads = new List<double>();
        for (var i = burst.First; i <= burst.Last; i++)
        {
            foreach (var (kind, count) in points[i].Interval.Errors)
            {
                kinds[kind] = kinds.GetValueOrDefault(kind) + count;
            }

            if (points[i].LevelEnd is { } level)
            {
                loads.Add(level);
            }
        }

        // A failed check is counted beside the failure that caused it; name it only when nothing else is there.
        var named = kinds.Where(k => k.Key != ErrorKind.CheckFailed).ToList();
        var mix = (named.Count > 0 ? named : [.. kinds])
            .OrderByDescending(k => k.Value).ThenBy(k => k.Key.ToName(), StringComparer.Ordinal)
            .Select(k => $"{k.Key.ToName()} {Count(k.Value)}");
        var load = loads.Count == 0 ? null
            : loads.Min() == loads.Max() ? series.Level(loads[0])
            : $"{series.Level(loads.Min())} to {series.Level(loads.Max())}";
        var at = load is null ? "" : $" at {load}";
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["errors"] = burst.Errors,
            ["duration_s"] = Math.Round((end - start).TotalSeconds, 3),
            ["error_rate"] = Math.Round(burst.Rate, 6),
            ["error_rate_elsewhere"] = Math.Round(burst.RateElsewhere, 6),
        };
        if (loads.Count > 0)
        {
            values["level_min"] = loads.Min();
            values["level_max"] = loads.Max();
        }

        return new Finding(
            FindingKind.ErrorBurst,
            FindingSeverity.Warning,
            $"error burst: {Count(burst.Errors)} failed requests in {Span(end - start)} from {Clock(start)}{at}",
            $"{Percent((double)burst.Errors / totalFailed)} of the run's {Count(totalFailed)} failed requests fell between {Clock(start)} and {Clock(end)}" +
            $"{(mix.Any() ? $" ({string.Join(", ", mix)})" : "")}: {Percent(burst.Rate)} of requests failed then, {Percent(burst.RateElsewhere)} the rest of the run. " +
            "Failures bunched in time point at an event — a restart or deploy, a dependency's outage, a pool or queue overflowing at that load — rather than a steady failure rate.",
            start)
        {
            Values = values,
        };
    }

    private readonly record struct Burst(int First, int Last, long Requests, long Errors, double Rate, double RateElsewhere);
}

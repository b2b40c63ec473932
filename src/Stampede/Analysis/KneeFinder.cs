using Stampede.Metrics;
using static Stampede.Analysis.FindingText;

namespace Stampede.Analysis;

/// <summary>
/// The knee: the load level past which throughput stops growing while latency climbs. Intervals on the ramp-up
/// side are grouped by load level (VUs, or the target rate in the open model); throughput (<c>http_reqs</c>/s)
/// and p95 are compared across levels. See docs/findings.md.
/// </summary>
internal static class KneeFinder
{
    /// <summary>An interval with fewer requests says too little about its level and is left out.</summary>
    public const int MinIntervalRequests = 10;

    /// <summary>A level with fewer requests (all its intervals together) is left out.</summary>
    public const int MinLevelRequests = 50;

    /// <summary>Fewer usable levels than this cannot show a knee.</summary>
    public const int MinLevels = 4;

    /// <summary>More distinct loads than this are grouped into this many equal-width levels.</summary>
    public const int MaxLevels = 16;

    /// <summary>An interval whose load is below the highest load reached so far by more than this share is ramp-down and left out.</summary>
    public const double RampDownTolerance = 0.05;

    /// <summary>Past the knee, throughput grows by less than this share…</summary>
    public const double MaxThroughputGrowth = 0.10;

    /// <summary>…while load grows at least this many times…</summary>
    public const double MinLoadGrowth = 1.5;

    /// <summary>…and p95 rises at least this many times (from the median p95 of the levels up to the knee to the highest level's).</summary>
    public const double MinLatencyRise = 2.0;

    public static Finding? Find(LoadSeries series)
    {
        if (series.Open is null)
        {
            return null; // Closed and open scenarios together: neither VUs nor the target rate is the whole load.
        }

        var picked = new List<(LoadSeries.Point Point, double Level)>();
        var highest = 0.0;
        foreach (var point in series.Points)
        {
            if (point.Level is not { } level)
            {
                continue;
            }

            if (point.Full && point.Requests >= MinIntervalRequests && level > 0 && level >= highest * (1 - RampDownTolerance))
            {
                picked.Add((point, level));
            }

            highest = Math.Max(highest, Math.Max(level, point.LevelEnd ?? 0));
        }

        if (picked.Count < MinLevels)
        {
            return null;
        }

        var levels = Group(picked);
        try
        {
            var usable = levels.Where(l => l.Requests >= MinLevelRequests).ToList();
            return usable.Count < MinLevels ? null : Knee(series, usable);
        }
        finally
        {
            foreach (var level in levels)
            {
                level.Latency.Release();
            }
        }
    }

    private static Finding? Knee(LoadSeries series, List<Level> levels)
    {
        var ceiling = levels.Max(l => l.Throughput);
        var k = levels.FindIndex(l => l.Throughput * (1 + MaxThroughputGrowth) >= ceiling);
        if (k < 0 || k == levels.Count - 1)
        {
            return null;
        }

        var knee = levels[k];
        var top = levels[^1];
        // Latency below the knee: the median level's p95 up to it, so one level already in the queue does not set the baseline.
        var before = DegradationFinder.Median([.. levels.Take(k + 1).Select(l => l.Latency.Percentile(95))]);
        var after = top.Latency.Percentile(95);
        if (top.Load < knee.Load * MinLoadGrowth || before <= 0 || after < before * MinLatencyRise)
        {
            return null;
        }

        var plateau = levels.Skip(k).Average(l => l.Throughput);
        var growth = (levels.Skip(k + 1).Max(l => l.Throughput) / knee.Throughput) - 1;
        var rise = after / before;
        var at = k == 0 ? "at or below " : "at ";
        var grew = growth <= 0 ? "did not grow" : $"grew only {Percent(growth)}";
        var start = k == 0
            ? $"Throughput was already at its ceiling at the lowest load measured, {series.Level(knee.Load)} ({Rate(knee.Throughput)}), and {grew}"
            : $"Throughput grew with load up to {series.Level(knee.Load)} ({Rate(knee.Throughput)}), then {grew}";
        return new Finding(
            FindingKind.Knee,
            FindingSeverity.Warning,
            $"knee: p95 rose {Times(rise)} above ~{Rate(plateau)} {at}{series.Level(knee.Load)}",
            $"{start} while load grew {Times(top.Load / knee.Load)} to {series.Level(top.Load)}; p95 was {Micros(before)} up to the knee and {Micros(after)} at the highest load. " +
            $"Past this level more load only adds waiting: this is the capacity of the system under test (or of the generator, if it saturated). " +
            $"Compared {levels.Count} load levels on the ramp-up side.",
            knee.FirstSeen)
        {
            Values = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["level"] = Math.Round(knee.Load, 3),
                ["throughput_per_s"] = Math.Round(plateau, 3),
                ["p95_before_ms"] = Math.Round(before / 1000, 3),
                ["p95_after_ms"] = Math.Round(after / 1000, 3),
                ["top_level"] = Math.Round(top.Load, 3),
                ["levels"] = levels.Count,
            },
        };
    }

    // Distinct loads when there are few (steps), else equal-width bins over the range (ramps).
    private static List<Level> Group(List<(LoadSeries.Point Point, double Level)> picked)
    {
        var min = picked.Min(p => p.Level);
        var max = picked.Max(p => p.Level);
        var distinct = picked.Select(p => p.Level).Distinct().Order().ToList();
        var bins = distinct.Count <= MaxLevels ? distinct.Count : MaxLevels;
        var levels = new Level?[bins];
        foreach (var (point, load) in picked)
        {
            var bin = distinct.Count <= MaxLevels
                ? distinct.BinarySearch(load)
                : Math.Min(bins - 1, (int)((load - min) / (max - min) * bins));
            var level = levels[bin] ??= new Level(point.Interval.Offset);
            level.Add(point, load);
        }

        return [.. levels.OfType<Level>()];
    }

    private sealed class Level(TimeSpan firstSeen)
    {
        private double _loadSeconds;

        public TimeSpan FirstSeen { get; } = firstSeen;

        // Its counts come from the histogram pool and go back when the analysis is done (Find's finally).
        public MetricAggregate Latency { get; } = new(BuiltinMetrics.HttpReqDuration, TagSet.Empty);

        public long Requests { get; private set; }

        public double Seconds { get; private set; }

        public double Load => _loadSeconds / Seconds;

        public double Throughput => Requests / Seconds;

        public void Add(LoadSeries.Point point, double load)
        {
            Requests += point.Requests;
            Seconds += point.Seconds;
            _loadSeconds += load * point.Seconds;
            point.Interval.AddTo(Latency);
        }
    }
}

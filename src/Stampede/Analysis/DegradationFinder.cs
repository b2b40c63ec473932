using Stampede.Metrics;
using static Stampede.Analysis.FindingText;

namespace Stampede.Analysis;

/// <summary>
/// Degradation: latency drifting upward across a phase of steady load. Each steady phase is cut into windows,
/// p95 is taken per window and a robust (Theil–Sen) line through them gives the drift from the phase's start to
/// its end. See docs/findings.md.
/// </summary>
internal static class DegradationFinder
{
    /// <summary>A steady phase needs at least this many full intervals (30 s at the default 1 s interval).</summary>
    public const int MinSteadyIntervals = 30;

    /// <summary>A phase is cut into this many windows (fewer when it has fewer intervals).</summary>
    public const int Windows = 12;

    /// <summary>A window with fewer requests is left out; a phase needs <see cref="MinWindows"/> that are not.</summary>
    public const int MinWindowRequests = 50;

    /// <summary>Fewer usable windows than this cannot show a trend.</summary>
    public const int MinWindows = 6;

    /// <summary>The fitted p95 at the phase's end must be at least this share above its start…</summary>
    public const double MinRise = 0.5;

    /// <summary>…and at least this much higher, in µs (1 ms), so sub-millisecond jitter is not reported.</summary>
    public const double MinRiseMicros = 1000;

    public static IEnumerable<Finding> Find(LoadSeries series)
    {
        if (series.Open is null)
        {
            yield break;
        }

        foreach (var phase in SteadyPhases(series.Points))
        {
            if (Degradation(series, phase) is { } finding)
            {
                yield return finding;
            }
        }
    }

    // Runs of consecutive full intervals during which the load did not change at all.
    private static IEnumerable<List<LoadSeries.Point>> SteadyPhases(IReadOnlyList<LoadSeries.Point> points)
    {
        var phase = new List<LoadSeries.Point>();
        foreach (var point in points)
        {
            var steady = point.Full && point.LevelEnd is > 0 && point.LevelStart == point.LevelEnd;
            if (!steady || (phase.Count > 0 && phase[^1].LevelEnd != point.LevelEnd))
            {
                if (phase.Count >= MinSteadyIntervals)
                {
                    yield return phase;
                }

                phase = [];
            }

            if (steady)
            {
                phase.Add(point);
            }
        }

        if (phase.Count >= MinSteadyIntervals)
        {
            yield return phase;
        }
    }

    private static Finding? Degradation(LoadSeries series, List<LoadSeries.Point> phase)
    {
        var start = phase[0].Interval.Offset;
        var end = phase[^1].Interval.Offset + phase[^1].Interval.Length;
        var count = Math.Min(Windows, phase.Count);
        var xs = new List<double>(count);
        var ys = new List<double>(count);
        var rates = new List<double>(count);
        for (var w = 0; w < count; w++)
        {
            var from = w * phase.Count / count;
            var to = (w + 1) * phase.Count / count;
            var latency = new MetricAggregate(BuiltinMetrics.HttpReqDuration, TagSet.Empty);
            long requests = 0;
            double seconds = 0;
            for (var i = from; i < to; i++)
            {
                phase[i].Interval.AddTo(latency);
                requests += phase[i].Requests;
                seconds += phase[i].Seconds;
            }

            var p95 = latency.Percentile(95);
            latency.Release();
            if (requests < MinWindowRequests || latency.Count == 0)
            {
                continue;
            }

            var windowStart = phase[from].Interval.Offset;
            var windowEnd = phase[to - 1].Interval.Offset + phase[to - 1].Interval.Length;
            xs.Add(((windowStart + windowEnd) / 2 - start).TotalSeconds);
            ys.Add(p95);
            rates.Add(requests / seconds);
        }

        if (xs.Count < MinWindows)
        {
            return null;
        }

        var (slope, intercept) = TheilSen(xs, ys);
        var length = (end - start).TotalSeconds;
        var first = intercept;
        var last = intercept + (slope * length);
        if (first <= 0 || last < first * (1 + MinRise) || last - first < MinRiseMicros)
        {
            return null;
        }

        var level = series.Level(phase[0].LevelEnd!.Value);
        return new Finding(
            FindingKind.Degradation,
            FindingSeverity.Warning,
            $"degradation: p95 rose from {Micros(first)} to {Micros(last)} over the {Span(end - start)} steady phase at {level}",
            $"p95 in {xs.Count} windows of ~{Span((end - start) / count)} from {Clock(start)} to {Clock(end)}, with a robust (Theil–Sen) trend: " +
            $"+{Micros(slope * 60)} per minute, +{Percent((last / first) - 1)} over the phase, while the load stayed at {level} and throughput went from " +
            $"{Rate(rates[0])} to {Rate(rates[^1])}. Latency that climbs under constant load points at something accumulating: a queue or backlog, " +
            "a leak (memory, connections, handles), a growing cache or table, or garbage-collection pressure.",
            start)
        {
            Values = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["p95_start_ms"] = Math.Round(first / 1000, 3),
                ["p95_end_ms"] = Math.Round(last / 1000, 3),
                ["slope_ms_per_min"] = Math.Round(slope * 60 / 1000, 3),
                ["level"] = phase[0].LevelEnd!.Value,
                ["duration_s"] = Math.Round(length, 3),
            },
        };
    }

    /// <summary>
    /// The Theil–Sen line: the median of the slopes between every pair of points, and the median intercept for
    /// it. One spike (a GC pause, a neighbour's burst) moves it far less than a least-squares fit.
    /// </summary>
    internal static (double Slope, double Intercept) TheilSen(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        var slopes = new List<double>(xs.Count * (xs.Count - 1) / 2);
        for (var i = 0; i < xs.Count; i++)
        {
            for (var j = i + 1; j < xs.Count; j++)
            {
                if (xs[j] != xs[i])
                {
                    slopes.Add((ys[j] - ys[i]) / (xs[j] - xs[i]));
                }
            }
        }

        var slope = slopes.Count == 0 ? 0 : Median(slopes);
        var intercepts = new List<double>(xs.Count);
        for (var i = 0; i < xs.Count; i++)
        {
            intercepts.Add(ys[i] - (slope * xs[i]));
        }

        return (slope, Median(intercepts));
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

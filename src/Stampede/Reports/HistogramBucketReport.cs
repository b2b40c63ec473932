using System.Globalization;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Reports;

/// <summary>
/// The <c>hist[0,10ms,50ms,…]</c> report: the run's http_req_duration counted into buckets, like vegeta's
/// <c>report -type=hist[…]</c> — columns Bucket, #, % and a bar of <c>#</c>. Bucket <c>[a, b]</c> counts
/// responses with <c>a ≤ time &lt; b</c>; the last, <c>[z, +Inf]</c>, everything from <c>z</c> up.
/// </summary>
public static class HistogramBucketReport
{
    /// <summary>A bar at 100 % is this many <c>#</c>, as vegeta draws it.</summary>
    public const int BarWidth = 75;

    private static readonly string[] Header = ["Bucket", "", "#", "%", "Histogram"];

    /// <summary>True when <paramref name="format"/> names this report (<c>hist[…]</c>), valid or not.</summary>
    public static bool Names(string format) =>
        format.StartsWith("hist", StringComparison.OrdinalIgnoreCase) && format.Length > 4 && format[4] == '[';

    /// <summary>Parses <c>hist[0,10ms,50ms,100ms]</c> into bucket bounds.</summary>
    /// <exception cref="InvalidInputException">The list is empty, not bracketed, holds a non-duration or does not increase.</exception>
    public static IReadOnlyList<TimeSpan> Parse(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        const string Example = "write it like hist[0,10ms,50ms,100ms,500ms,1s]";
        if (!Names(format) || !format.EndsWith(']'))
        {
            throw new InvalidInputException($"format '{format}': a histogram report lists its bucket bounds in brackets; {Example}");
        }

        var items = format[5..^1].Split(',', StringSplitOptions.TrimEntries);
        if (items.Length == 0 || items.All(i => i.Length == 0))
        {
            throw new InvalidInputException($"format '{format}': no bucket bounds; {Example}");
        }

        var bounds = new List<TimeSpan>();
        foreach (var item in items)
        {
            if (!Durations.TryParse(item, out var bound) || bound < TimeSpan.Zero)
            {
                throw new InvalidInputException($"format '{format}': bucket bound '{item}' is not a duration; {Example}");
            }

            if (bounds.Count > 0 && bound <= bounds[^1])
            {
                throw new InvalidInputException(
                    $"format '{format}': bucket bound '{item}' is not above the one before it ({Durations.Format(bounds[^1])}); list bounds in increasing order");
            }

            bounds.Add(bound);
        }

        return bounds;
    }

    /// <summary>Counts http_req_duration into the buckets starting at <paramref name="bounds"/>.</summary>
    public static long[] Count(RunResult result, IReadOnlyList<TimeSpan> bounds)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(bounds);
        var counts = new long[bounds.Count];
        if (result.Total(BuiltinMetrics.HttpReqDuration)?.Histogram is not { } histogram)
        {
            return counts;
        }

        var micros = bounds.Select(b => b.Ticks / (TimeSpan.TicksPerMillisecond / 1000)).ToArray();
        foreach (var step in histogram.RecordedValues())
        {
            // The middle of the step's HDR bucket (0.1% wide): a value on a bound counts in the bucket it starts,
            // a value just under it in the one before.
            var value = histogram.MedianEquivalentValue(step.ValueIteratedTo);
            var index = Array.BinarySearch(micros, value);
            index = index >= 0 ? index : ~index - 1;
            if (index >= 0)
            {
                counts[index] += step.CountAddedInThisIterationStep;
            }
        }

        return counts;
    }

    /// <summary>Writes the bucket table.</summary>
    public static void Write(RunResult result, IReadOnlyList<TimeSpan> bounds, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var counts = Count(result, bounds);
        // Shares of every response, as vegeta's; times below the first bound are in no bucket.
        var total = (double)Math.Max(result.Total(BuiltinMetrics.HttpReqDuration)?.Count ?? 0, 1);
        var rows = new List<string[]> { Header };
        for (var i = 0; i < bounds.Count; i++)
        {
            var share = counts[i] / total;
            rows.Add([
                "[" + Durations.Format(bounds[i]) + ",",
                (i + 1 < bounds.Count ? Durations.Format(bounds[i + 1]) : "+Inf") + "]",
                counts[i].ToString(CultureInfo.InvariantCulture),
                (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
                new string('#', (int)(share * BarWidth)),
            ]);
        }

        // Aligned like Go's tabwriter with two spaces of padding, the way vegeta prints it.
        var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length) + 2).ToArray();
        foreach (var row in rows)
        {
            var line = string.Concat(Enumerable.Range(0, 4).Select(c => row[c].PadRight(widths[c]))) + row[4];
            writer.Write(line.TrimEnd() + "\n");
        }
    }
}

using System.Globalization;
using HdrHistogram;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Reports;

/// <summary>
/// The <c>hlog</c> report: an HdrHistogram interval log of http_req_duration, one line per interval with its
/// histogram in the compressed V2 encoding (base64), the format HdrHistogram's own tools read
/// (<c>HistogramLogReader</c>, <c>HistogramLogProcessor</c>, HdrHistogramVisualizer). Values are µs;
/// <c>Interval_Max</c> is in ms, as those tools show it for their default unit ratio.
/// </summary>
/// <remarks>
/// Timestamps are seconds from <c>BaseTime</c>, the run's start. Intervals without a response have no line:
/// the log's readers take the gap as an interval with nothing recorded.
/// </remarks>
public static class HdrIntervalLogReport
{
    /// <summary>The log format version written in the first line.</summary>
    public const string LogFormatVersion = "1.3";

    /// <summary>The legend line every interval log carries before its intervals.</summary>
    public const string Legend = "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"";

    /// <summary>Writes the log.</summary>
    public static void Write(RunResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var start = result.Run.Started.ToUniversalTime();
        var epochSeconds = Seconds(start.ToUnixTimeMilliseconds() / 1000.0);
        writer.Write($"#[Histogram log format version {LogFormatVersion}]\n");
        writer.Write($"#[StartTime: {epochSeconds} (seconds since epoch), {start.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture)}]\n");
        writer.Write($"#[BaseTime: {epochSeconds} (seconds since epoch)]\n");
        writer.Write($"#[{result.Run.Tool}: http_req_duration in microseconds, one interval per {Seconds(result.Run.Interval.TotalSeconds)}s]\n");
        writer.Write(Legend + "\n");
        using var codec = new HistogramCodec();
        foreach (var interval in result.Series)
        {
            if (interval.Total(BuiltinMetrics.HttpReqDuration) is not { Count: > 0, Histogram: { } histogram } total)
            {
                continue;
            }

            var max = double.IsFinite(total.Max) ? total.Max : histogram.GetMaxValue();
            writer.Write($"{Seconds(interval.Offset.TotalSeconds)},{Seconds(interval.Length.TotalSeconds)},{Seconds(max / 1000)},{codec.EncodeBase64(histogram)}\n");
        }
    }

    /// <summary>The log as a string.</summary>
    public static string Render(RunResult result)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(result, text);
        return text.ToString();
    }

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Reports.Html;

/// <summary>
/// The charts' data as JSON, for a <c>&lt;script type="application/json"&gt;</c> block: per interval (x = seconds since
/// the start at the interval's end) the response-time percentiles, request, error and iteration rates, VUs, target
/// rate and generator CPU; the run's HDR percentile spectrum; and the load changes made while it ran, as chart
/// markers (<c>"changes":[{"t":12.3,"label":"vus 10 → 50"}]</c>, t in seconds since the start). Durations are in ms.
/// </summary>
internal static class HtmlChartData
{
    /// <summary>The percentiles drawn over time.</summary>
    public static readonly double[] Percentiles = [50, 90, 95, 99];

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    /// <summary>
    /// The JSON text, with every <c>&lt;</c> written as <c>\u003c</c> so no value can end the script block. From
    /// <paramref name="from"/> on, only the intervals from that index are written (the live dashboard appends them to
    /// what it has); the spectrum is always the whole run's.
    /// </summary>
    public static string Render(RunResult result, int from = 0)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            var open = result.Run.Scenarios.Where(s => s.OpenModel).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            WriteIntervals(json, from <= 0 ? result.Series : [.. result.Series.Skip(from)], open);
            WriteSpectrum(json, result.Total(BuiltinMetrics.HttpReqDuration));
            WriteChanges(json, result);
            json.WriteEndObject();
        }

        // The default encoder already escapes '<' in strings (the only place JSON can hold one); this keeps the
        // guarantee whatever the encoder.
        return Encoding.UTF8.GetString(buffer.WrittenSpan).Replace("<", "\\u003c", StringComparison.Ordinal);
    }

    // One marker per change; with several scenarios the label names the one that changed.
    private static void WriteChanges(Utf8JsonWriter json, RunResult result)
    {
        var named = result.Run.Scenarios.Count > 1;
        json.WriteStartArray("changes");
        foreach (var change in result.Changes)
        {
            json.WriteStartObject();
            json.WriteNumber("t", Math.Round(change.At.TotalSeconds, 3));
            json.WriteString("label", change.Describe(named));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // Target vs achieved compares like with like: the aim of the arrival-rate scenarios with their own iterations,
    // not with iterations of closed-model scenarios running alongside.
    private static void WriteIntervals(Utf8JsonWriter json, IReadOnlyList<IntervalSnapshot> series, HashSet<string> openScenarios)
    {
        var count = series.Count;
        var t = new double[count];
        var latency = new double?[Percentiles.Length + 1][];
        for (var p = 0; p < latency.Length; p++)
        {
            latency[p] = new double?[count];
        }

        var rps = new double[count];
        var errps = new double[count];
        var iterps = new double[count];
        var vus = new double[count];
        var cpu = new double[count];
        double?[]? target = null;
        var achieved = new double[count];
        var values = new double[Percentiles.Length];
        for (var i = 0; i < count; i++)
        {
            var interval = series[i];
            var seconds = interval.Length.TotalSeconds > 0 ? interval.Length.TotalSeconds : 1;
            t[i] = (interval.Offset + interval.Length).TotalSeconds;
            double requests = 0, iterations = 0, openIterations = 0;
            MetricAggregate? durations = null;
            foreach (var (key, aggregate) in interval.Metrics)
            {
                if (key.Metric == BuiltinMetrics.HttpReqs.Name)
                {
                    requests += aggregate.Count;
                }
                else if (key.Metric == BuiltinMetrics.Iterations.Name)
                {
                    iterations += aggregate.Count;
                    if (key.Tags["scenario"] is { } scenario && openScenarios.Contains(scenario))
                    {
                        openIterations += aggregate.Count;
                    }
                }
                else if (key.Metric == BuiltinMetrics.HttpReqDuration.Name && aggregate.Count > 0)
                {
                    // One sum per interval, its counts pooled: a compacted series is decoded into it, not in place.
                    durations ??= new MetricAggregate(BuiltinMetrics.HttpReqDuration, TagSet.Empty);
                    durations.Add(aggregate);
                }
            }

            if (durations is not null)
            {
                durations.Percentiles(Percentiles, values);
                for (var p = 0; p < Percentiles.Length; p++)
                {
                    latency[p][i] = Ms(values[p]);
                }

                latency[Percentiles.Length][i] = Ms(durations.Max);
                durations.Release();
            }

            long errors = 0;
            foreach (var (_, n) in interval.Errors)
            {
                errors += n;
            }

            rps[i] = requests / seconds;
            errps[i] = errors / seconds;
            iterps[i] = iterations / seconds;
            achieved[i] = openIterations / seconds;
            vus[i] = interval.Vus;
            cpu[i] = interval.Generator.CpuPercent;
            if (interval.TargetRate is { } rate)
            {
                target ??= new double?[count];
                target[i] = rate;
            }
        }

        Numbers("t", t, 3);
        json.WriteStartObject("latency");
        for (var p = 0; p < Percentiles.Length; p++)
        {
            Nullable(json, "p" + Percentiles[p].ToString(System.Globalization.CultureInfo.InvariantCulture), latency[p]);
        }

        Nullable(json, "max", latency[Percentiles.Length]);
        json.WriteEndObject();
        Numbers("rps", rps, 2);
        Numbers("errps", errps, 2);
        Numbers("iterps", iterps, 2);
        Numbers("vus", vus, 0);
        Numbers("cpu", cpu, 1);
        if (target is null)
        {
            json.WriteNull("target");
            json.WriteNull("achieved");
        }
        else
        {
            Nullable(json, "target", target);
            Numbers("achieved", achieved, 2);
        }

        void Numbers(string name, double[] numbers, int decimals)
        {
            json.WriteStartArray(name);
            foreach (var value in numbers)
            {
                json.WriteNumberValue(Math.Round(value, decimals));
            }

            json.WriteEndArray();
        }
    }

    /// <summary>
    /// The HDR percentile spectrum, as HdrHistogram's plotter draws it: x = 1/(1−p) (a log axis where 90%, 99%,
    /// 99.9%… are equally spaced), y = the latency at p, from the percentile iteration of the run's total histogram.
    /// </summary>
    private static void WriteSpectrum(Utf8JsonWriter json, MetricAggregate? total)
    {
        json.WriteStartObject("spectrum");
        json.WriteStartArray("x");
        var ys = new List<double>();
        if (total is { Count: > 0, Histogram: { TotalCount: > 0 } histogram })
        {
            // The last step reaches 100%, where 1/(1−p) is infinite: it is drawn half a sample beyond the last rank.
            var last = 2.0 * histogram.TotalCount;
            foreach (var step in histogram.Percentiles(5))
            {
                var p = step.PercentileLevelIteratedTo / 100.0;
                json.WriteNumberValue(Math.Round(p >= 1 ? last : Math.Min(1 / (1 - p), last), 3));
                ys.Add(Ms(Math.Clamp(step.ValueIteratedTo, total.Min, total.Max)));
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("y");
        foreach (var y in ys)
        {
            json.WriteNumberValue(y);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static double Ms(double micros) => Math.Round(micros / 1000, 3);

    private static void Nullable(Utf8JsonWriter json, string name, double?[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is { } v)
            {
                json.WriteNumberValue(Math.Round(v, 3));
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }
}

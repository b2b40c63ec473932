using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stampede.Analysis;
using Stampede.Metrics;
using Stampede.Reports;
using Stampede.Reports.Html;
using Stampede.Results;

namespace Stampede.Tests.Reports;

public sealed partial class HtmlReportTests
{
    private const string Hostile = "</script><img src=x onerror=alert(1)>";

    [Fact]
    public void Render_HostileRequestName_CannotBreakOutOfTextOrData()
    {
        var html = HtmlReport.Render(ReportSamples.Known(Hostile), []);

        Assert.DoesNotContain(Hostile, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);

        // Exactly the four blocks the report writes: data, uPlot, the shared chart script, the report's script.
        Assert.Equal(4, ScriptOpen().Count(html));
        Assert.Equal(4, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotMatch(MarkupAttributes(), WithoutBlocks(html));
    }

    [Fact]
    public void Render_ContentSecurityPolicy_HashesEveryInlineBlockExactly()
    {
        var html = HtmlReport.Render(ReportSamples.WithThresholds(), []);
        var policy = CspMeta().Match(html).Groups[1].Value;
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).Order(StringComparer.Ordinal).ToArray());

        var scripts = ExecutableScripts().Matches(html).Select(m => Sha256(m.Groups[1].Value)).Order(StringComparer.Ordinal).ToArray();
        var styles = StyleBlocks().Matches(html).Select(m => Sha256(m.Groups[1].Value)).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(3, scripts.Length);
        Assert.Single(styles);
        Assert.Equal(scripts, directives["script-src"]);
        Assert.Equal(styles, directives["style-src"]);
        Assert.Equal(["'none'"], directives["default-src"]);
        Assert.Equal(["'none'"], directives["base-uri"]);
        Assert.Equal(["'none'"], directives["form-action"]);
        Assert.Equal(["data:"], directives["img-src"]);
        Assert.Equal(["default-src", "script-src", "style-src", "img-src", "base-uri", "form-action"], directives.Keys);
    }

    [Fact]
    public void Render_UnderGermanCulture_SameAsInvariant()
    {
        var result = ReportSamples.WithThresholds();
        var invariant = Cultures.With(CultureInfo.InvariantCulture, () => HtmlReport.Render(result, []));

        var german = Cultures.With(CultureInfo.GetCultureInfo("de-DE"), () => HtmlReport.Render(result, []));

        Assert.Equal(invariant, german);
        Assert.Matches(@"<td class=""num"">\d+\.\d+ ms</td>", german);
        Assert.DoesNotMatch(@"\d,\d{1,2} ms<", german); // a decimal comma; "1,234 ms" groups thousands
    }

    [Fact]
    public void Render_DataPercentilesPerInterval_EqualTheIntervalsMergedHistogram()
    {
        var result = MultiNameRun();

        var data = Data(HtmlReport.Render(result, []));

        var latency = data.GetProperty("latency");
        Assert.Equal(result.Series.Count, data.GetProperty("t").GetArrayLength());
        for (var i = 0; i < result.Series.Count; i++)
        {
            var merged = result.Series[i].Total(BuiltinMetrics.HttpReqDuration)!;
            foreach (var p in new[] { 50, 90, 95, 99 })
            {
                Assert.Equal(Math.Round(merged.Percentile(p) / 1000, 3), latency.GetProperty($"p{p}")[i].GetDouble());
            }

            Assert.Equal(Math.Round(merged.Max / 1000, 3), latency.GetProperty("max")[i].GetDouble());
            Assert.Equal(result.Series[i].Total(BuiltinMetrics.HttpReqs)!.Count, data.GetProperty("rps")[i].GetDouble());
            Assert.Equal(result.Series[i].Offset.TotalSeconds + 1, data.GetProperty("t")[i].GetDouble());
        }

        // The names' latencies differ by 100×: an average of per-name percentiles would land far from the merged ones.
        Assert.NotEqual(latency.GetProperty("p50")[0].GetDouble(), latency.GetProperty("p99")[0].GetDouble());
    }

    [Fact]
    public void Render_Spectrum_RisesToTheMaximumOnALogPercentileAxis()
    {
        var result = MultiNameRun();

        var spectrum = Data(HtmlReport.Render(result, [])).GetProperty("spectrum");

        var x = spectrum.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var y = spectrum.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(x.Length > 10, $"{x.Length} points");
        Assert.Equal(x.Length, y.Length);
        Assert.Equal(1, x[0]);
        Assert.All(x.Zip(x.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{pair.First} then {pair.Second}"));
        Assert.All(y.Zip(y.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{pair.First} then {pair.Second}"));
        Assert.Equal(Math.Round(result.Total(BuiltinMetrics.HttpReqDuration)!.Max / 1000, 3), y[^1]);
    }

    [Fact]
    public void Render_EmptyRun_RendersEverySectionWithEmptyData()
    {
        var result = new RunResult
        {
            Run = new RunInfo { Tool = "stampede 0.1.0", Started = DateTimeOffset.UnixEpoch, Duration = TimeSpan.Zero },
            Metrics = [],
            Series = [],
            Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long>(), Messages = [] },
            Accounting = new RequestAccounting(0, 0, 0, 0),
            Generator = new GeneratorHealth(),
        };

        var html = HtmlReport.Render(result, []);

        Assert.Contains("No request was sent.", html, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(html, "<figure class=\"chart\""));
        var data = Data(html);
        Assert.Equal(0, data.GetProperty("t").GetArrayLength());
        Assert.Equal(0, data.GetProperty("spectrum").GetProperty("x").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("target").ValueKind);
    }

    [Fact]
    public void Render_Findings_ListsEachEscaped()
    {
        Finding[] findings =
        [
            new(FindingKind.Knee, FindingSeverity.Warning, "p95 rose 4× above ~850 req/s at ~120 VUs", "throughput <flat> while latency climbed", TimeSpan.FromSeconds(75)),
            new(FindingKind.ErrorBurst, FindingSeverity.Info, "errors came in a burst", "12 of 14 errors within 3 s", null, "flaky"),
        ];

        var html = HtmlReport.Render(ReportSamples.Known(), findings);

        Assert.Equal(2, Regex.Count(html, "<li class=\"(warning|info)\">"));
        Assert.Contains("p95 rose 4× above ~850 req/s at ~120 VUs", html, StringComparison.Ordinal);
        Assert.Contains("throughput &lt;flat&gt; while latency climbed", html, StringComparison.Ordinal);
        Assert.Contains("knee · from 1:15", html, StringComparison.Ordinal);
        Assert.Contains("error burst · flaky", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing stood out", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SaturatedGenerator_FindingOnceAndOnlyTheOtherWarningsInGeneratorHealth()
    {
        var run = new Tests.Analysis.SyntheticRun(open: true);
        for (var i = 0; i < 10; i++)
        {
            run.Second(100, 100, Tests.Analysis.SyntheticRun.Around(2_000), cpuPercent: i < 3 ? 95 : 50);
        }

        var cpu = GeneratorWarnings.CpuWarning(95, 2);
        var result = run.Build(new GeneratorHealth { CpuPercentMax = 95, Cores = 2, Warnings = [cpu, "output InfluxSink failed: connection refused"] });

        var html = HtmlReport.Render(result);

        Assert.Single(RunAnalysis.Findings(result), f => f.Kind == FindingKind.GeneratorSaturation);
        Assert.Contains("generator saturation (CPU 95%", html, StringComparison.Ordinal);
        Assert.DoesNotContain(HtmlText.Escape(cpu), html, StringComparison.Ordinal);
        Assert.Contains("<li>output InfluxSink failed: connection refused</li>", html, StringComparison.Ordinal);
        Assert.Contains("see the generator saturation finding above", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TargetRate_WrittenPerIntervalWhenAnArrivalRateScenarioRan()
    {
        var known = ReportSamples.Known();
        var result = new RunResult
        {
            Run = known.Run,
            Metrics = known.Metrics,
            Series = [.. known.Series.Select((s, i) => Copy(s, targetRate: 100 * (i + 1)))],
            Errors = known.Errors,
            Accounting = known.Accounting,
            Generator = known.Generator,
        };

        var data = Data(HtmlReport.Render(result, []));

        Assert.Equal([100.0, 200.0], data.GetProperty("target").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Contains("Target vs achieved rate", HtmlReport.Render(result, []), StringComparison.Ordinal);
    }

    /// <summary>Three one-second intervals, each with two names (≈1 ms and ≈100 ms) and two statuses, compacted as read from a file.</summary>
    private static RunResult MultiNameRun()
    {
        var random = new Random(3);
        var series = new List<IntervalSnapshot>();
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        for (var second = 0; second < 3; second++)
        {
            var metrics = new Dictionary<SeriesKey, MetricAggregate>();
            foreach (var (name, micros) in new[] { ("fast", 1_000), ("slow", 100_000) })
            {
                foreach (var status in new[] { "200", "503" })
                {
                    var tags = TagSet.Of(("name", name), ("method", "GET"), ("status", status));
                    var duration = new MetricAggregate(BuiltinMetrics.HttpReqDuration, tags);
                    var requests = new MetricAggregate(BuiltinMetrics.HttpReqs, tags);
                    for (var n = 0; n < (status == "200" ? 300 : 7) * (second + 1); n++)
                    {
                        duration.AddTrend(micros + random.Next(micros));
                        requests.AddCount(1);
                    }

                    foreach (var aggregate in new[] { duration, requests })
                    {
                        if (!totals.TryGetValue(aggregate.Key, out var total))
                        {
                            totals[aggregate.Key] = total = new MetricAggregate(aggregate.Metric, aggregate.Tags);
                        }

                        total.Add(aggregate);
                        aggregate.Compact();
                        metrics[aggregate.Key] = aggregate;
                    }
                }
            }

            series.Add(Interval(second, metrics));
        }

        return new RunResult
        {
            Run = new RunInfo { Tool = "stampede 0.1.0", Started = DateTimeOffset.UnixEpoch, Duration = TimeSpan.FromSeconds(3) },
            Metrics = [.. totals.Values],
            Series = series,
            Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long>(), Messages = [] },
            Accounting = new RequestAccounting(0, 0, 0, 0),
            Generator = new GeneratorHealth(),
        };
    }

    private static IntervalSnapshot Interval(int second, Dictionary<SeriesKey, MetricAggregate> metrics) => new()
    {
        Offset = TimeSpan.FromSeconds(second),
        Length = TimeSpan.FromSeconds(1),
        Time = DateTimeOffset.UnixEpoch.AddSeconds(second + 1),
        Metrics = metrics,
        Errors = new Dictionary<ErrorKind, long>(),
        Generator = default,
    };

    private static IntervalSnapshot Copy(IntervalSnapshot s, double targetRate) => new()
    {
        Offset = s.Offset,
        Length = s.Length,
        Time = s.Time,
        Metrics = s.Metrics,
        Errors = s.Errors,
        Generator = s.Generator,
        Vus = s.Vus,
        VusMax = s.VusMax,
        TargetRate = targetRate,
    };

    private static JsonElement Data(string html) =>
        JsonDocument.Parse(DataBlock().Match(html).Groups[1].Value).RootElement.Clone();

    private static string Sha256(string block) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(block)))}'";

    private static string WithoutBlocks(string html) => AnyBlock().Replace(html, "");

    [GeneratedRegex("<script[\\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOpen();

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ExecutableScripts();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlocks();

    [GeneratedRegex("<script type=\"application/json\" id=\"stampede-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex AnyBlock();

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">")]
    private static partial Regex CspMeta();

    // An event handler or a style attribute in markup: both would need 'unsafe-inline'.
    [GeneratedRegex("<[^>]*\\s(on[a-z]+|style)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex MarkupAttributes();
}

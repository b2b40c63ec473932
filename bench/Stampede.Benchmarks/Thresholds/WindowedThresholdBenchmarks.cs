using BenchmarkDotNet.Attributes;
using Stampede.Metrics;
using Stampede.Results;
using Stampede.Thresholds;

namespace Stampede.Benchmarks.Thresholds;

/// <summary>
/// Judging a windowed threshold (<c>p(95)&lt;50 over W</c>) at the end of a one-hour run: 3,600 one-second
/// intervals, each holding two request names' duration histograms, compacted as the runner keeps them.
/// Every window of W slides by one interval.
/// </summary>
[MemoryDiagnoser]
public class WindowedThresholdBenchmarks
{
    private RunResult _run = null!;
    private Threshold _threshold = null!;

    /// <summary>The window, in seconds.</summary>
    [Params(30, 300)]
    public int WindowSeconds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var series = new List<IntervalSnapshot>();
        var random = new Random(7);
        for (var second = 0; second < 3600; second++)
        {
            var metrics = new Dictionary<SeriesKey, MetricAggregate>();
            foreach (var name in new[] { "encrypt", "decrypt" })
            {
                var tags = TagSet.Of(("name", name), ("status", "200"));
                var duration = new MetricAggregate(BuiltinMetrics.HttpReqDuration, tags);
                for (var n = 0; n < 200; n++)
                {
                    duration.AddTrend(2_000 + random.Next(40_000));
                }

                duration.Compact();
                metrics[new SeriesKey(duration.Metric.Name, tags)] = duration;
            }

            series.Add(new IntervalSnapshot
            {
                Offset = TimeSpan.FromSeconds(second),
                Length = TimeSpan.FromSeconds(1),
                Time = DateTimeOffset.UnixEpoch.AddSeconds(second + 1),
                Metrics = metrics,
                Errors = new Dictionary<ErrorKind, long>(),
                Generator = new GeneratorSample(),
            });
        }

        _run = new RunResult
        {
            Run = new RunInfo { Tool = "bench", Started = DateTimeOffset.UnixEpoch, Duration = TimeSpan.FromHours(1), Scenarios = [] },
            Metrics = [],
            Series = series,
            Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long>(), Messages = [] },
            Accounting = new RequestAccounting(0, 0, 0, 0),
            Generator = new GeneratorHealth { SchedulingLag = new MetricAggregate(BuiltinMetrics.SchedulingLag, TagSet.Empty) },
        };
        _threshold = ThresholdParser.Parse("http_req_duration{name:encrypt}", $"p(95)<50 over {WindowSeconds}s");
    }

    /// <summary>Every window of the hour judged, as <c>run</c> does at the end and <c>report</c> does from a results file.</summary>
    [Benchmark]
    public double? Evaluate_OneHour() => ThresholdEvaluator.Evaluate(_threshold, _run).Observed;
}

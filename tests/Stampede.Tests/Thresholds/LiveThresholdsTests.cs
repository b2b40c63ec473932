using Stampede.Metrics;
using Stampede.Results;
using Stampede.Thresholds;

namespace Stampede.Tests.Thresholds;

public class LiveThresholdsTests
{
    private static readonly Threshold Windowed = ThresholdParser.Parse("http_req_duration", "p(95)<50 over 10s");
    private static readonly Threshold Overall = ThresholdParser.Parse("http_req_duration", "avg<20");
    private static readonly Threshold Share = ThresholdParser.Parse("http_req_failed{status:429}", "rate<0.2 over 5s");

    // Replays a finished run interval by interval, as the collector does, and returns each interval's standings.
    private static List<ThresholdResult?[]> Replay(RunResult run, params Threshold[] thresholds)
    {
        var live = new LiveThresholds(thresholds);
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        var standings = new List<ThresholdResult?[]>();
        foreach (var interval in run.Series)
        {
            foreach (var (key, aggregate) in interval.Metrics)
            {
                if (!totals.TryGetValue(key, out var total))
                {
                    totals[key] = total = new MetricAggregate(aggregate.Metric, aggregate.Tags);
                }

                total.Add(aggregate);
            }

            live.Update(totals.Values, interval, interval.Offset + interval.Length);
            standings.Add([.. live.Current]);
        }

        return standings;
    }

    [Fact]
    public void Update_WindowedThreshold_NotJudgedUntilItsFirstWindowThenCrossedForGood()
    {
        // 40 s at 10 ms, except seconds 15–17 at 100 ms.
        var run = ThresholdEvaluatorTests.Run(40, second => second is >= 15 and < 18 ? 100_000 : 10_000);

        var standings = Replay(run, Windowed);

        Assert.All(standings.Take(9), s => Assert.Null(s[0]));
        Assert.True(standings[9][0]!.Passed);
        Assert.True(standings[14][0]!.Passed);
        // After second 15 the latest window (6–15 s) holds one bad second in ten: 10 % of requests, p95 at 100 ms.
        Assert.False(standings[15][0]!.Passed);
        Assert.Equal(TimeSpan.FromSeconds(6), standings[15][0]!.WindowStart);
        // Long after the bad seconds have left the window, the threshold stays crossed.
        Assert.False(standings[^1][0]!.Passed);
        Assert.Equal(100, standings[^1][0]!.Observed!.Value, 1);
    }

    [Fact]
    public void Latest_WindowedThreshold_IsTheLatestWindowSoAbortOnFailActsOnNowNotOnThePast()
    {
        var run = ThresholdEvaluatorTests.Run(40, second => second is >= 15 and < 18 ? 100_000 : 10_000);
        var live = new LiveThresholds([Windowed]);
        var totals = new List<MetricAggregate>();

        foreach (var interval in run.Series)
        {
            live.Update(totals, interval, interval.Offset + interval.Length);
        }

        Assert.True(live.Latest(Windowed)!.Passed);
        Assert.False(live.Current[0]!.Passed);
    }

    [Fact]
    public void Update_OverallThreshold_FollowsTheRunSoFarAndCanRecover()
    {
        // 5 s at 40 ms, then 35 s at 10 ms: the average so far crosses 20 ms early, then comes back under it.
        var run = ThresholdEvaluatorTests.Run(40, second => second < 5 ? 40_000 : 10_000);

        var standings = Replay(run, Overall);

        Assert.False(standings[0][0]!.Passed);
        Assert.Equal(40, standings[0][0]!.Observed!.Value, 0.5);
        Assert.True(standings[^1][0]!.Passed);
        Assert.Equal(13.75, standings[^1][0]!.Observed!.Value, 0.5);
    }

    [Fact]
    public void Update_EveryWindowJudgedLive_AgreesWithTheEndOfRunEvaluation()
    {
        // Latency rising and falling, and one 429 in ten: the live verdicts of the last interval must be the
        // end-of-run verdicts, value and window included.
        var run = ThresholdEvaluatorTests.Run(90, second => 5_000 + (Math.Abs(45 - second) * 1_500), limitedEvery: 10);
        Threshold[] thresholds =
        [
            ThresholdParser.Parse("http_req_duration", "p(95)<60 over 20s"),
            ThresholdParser.Parse("http_req_duration{name:encrypt}", "max<70 over 7s"),
            ThresholdParser.Parse("http_req_failed{status:429}", "rate<0.05 over 5s"),
            ThresholdParser.Parse("http_reqs", "rate>99 over 30s"),
        ];

        var last = Replay(run, thresholds)[^1];

        for (var i = 0; i < thresholds.Length; i++)
        {
            var atEnd = ThresholdEvaluator.Evaluate(thresholds[i], run);
            Assert.Equal((atEnd.Passed, atEnd.Observed, atEnd.WindowStart), (last[i]!.Passed, last[i]!.Observed, last[i]!.WindowStart));
        }
    }

    [Fact]
    public void Update_ShareOfAllOverAWindow_IsTheShareInThatWindow()
    {
        var run = ThresholdEvaluatorTests.Run(10, _ => 5_000, limitedEvery: 4);

        var standings = Replay(run, Share);

        Assert.Null(standings[3][0]);
        Assert.Equal(0.25, standings[4][0]!.Observed!.Value, 3);
        Assert.False(standings[4][0]!.Passed);
    }
}

using Stampede.Engine;
using Stampede.Engine.Profiles;
using Stampede.Metrics;
using Stampede.Results;
using Stampede.Thresholds;

namespace Stampede.Tests.Engine.Profiles;

public class BreakpointReportTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    // 0 → 100 iterations/s over 10 s: the target is 10 × t.
    private static readonly TestPlan Breakpoint = LoadProfiles.Apply(LoadProfilesTests.Plan(1, "http_req_failed: rate<0.01"),
        new ProfileOptions { Profile = LoadProfile.Breakpoint, Peak = 100, Duration = TimeSpan.FromSeconds(10) });

    [Fact]
    public void Compute_AbortedByAThreshold_TargetAndAchievedOverTheLastFullIntervalBefore()
    {
        var verdict = Crossed(Breakpoint.Thresholds[0], TimeSpan.FromSeconds(6));
        var result = Result("aborted", Intervals(3, (Second, 30), (Second, 41), (Second, 52), (TimeSpan.FromMilliseconds(40), 3)), [verdict]);

        var report = BreakpointReport.Compute(Breakpoint, result)!;

        Assert.Same(verdict, report.StoppedBy);
        Assert.Equal(TimeSpan.FromSeconds(6), report.StoppedAt);
        Assert.Equal(55, report.TargetRate, 9);   // 50 → 60 over 5–6 s
        Assert.Equal(52, report.AchievedRate);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6)), (report.MeasuredFrom, report.MeasuredUntil));
        Assert.Equal(100, report.PeakRate);
        Assert.False(report.PeakReached);
        Assert.Equal("aborted", report.Outcome);
    }

    [Fact]
    public void Compute_Completed_PeakReachedAndTheLastIntervalOfTheSchedule()
    {
        // The schedule ends at 10 s; the 10–11 s interval is the graceful stop's and does not count.
        var result = Result("completed", Intervals(8, (Second, 88), (Second, 97), (Second, 4), (TimeSpan.FromMilliseconds(200), 0)), []);

        var report = BreakpointReport.Compute(Breakpoint, result)!;

        Assert.Null(report.StoppedBy);
        Assert.True(report.PeakReached);
        Assert.Equal(TimeSpan.FromSeconds(10), report.StoppedAt);
        Assert.Equal(95, report.TargetRate, 9);
        Assert.Equal(97, report.AchievedRate);
        Assert.Equal(100, report.PeakRate);
    }

    [Fact]
    public void Compute_LastIntervalRunsOnPastTheScheduleEnd_ItCountsWithTheTargetAveragedOverItToo()
    {
        var result = Result("completed", Intervals(0, (Second, 5), (Second, 15), (Second, 25), (Second, 35), (Second, 45), (Second, 55),
            (Second, 65), (Second, 75), (TimeSpan.FromSeconds(1.1), 85), (TimeSpan.FromSeconds(0.98), 86)), []);
        Assert.Equal(TimeSpan.FromSeconds(10.08), result.Run.Duration);

        var report = BreakpointReport.Compute(Breakpoint, result)!;

        Assert.Equal((TimeSpan.FromSeconds(9.1), TimeSpan.FromSeconds(10.08)), (report.MeasuredFrom, report.MeasuredUntil));
        Assert.Equal(5 * ((10 * 10) - (9.1 * 9.1)) / 0.98, report.TargetRate, 9);   // ∫ 10t dt over 9.1–10 s, nothing after
        Assert.Equal(86 / 0.98, report.AchievedRate!.Value, 9);
        Assert.True(report.PeakReached);
    }

    [Fact]
    public void Compute_Interrupted_TargetWhenTheRunStoppedAndTheShortLastIntervalSkipped()
    {
        var result = Result("interrupted", Intervals(2, (Second, 25), (Second, 35), (TimeSpan.FromMilliseconds(300), 12)), []);

        var report = BreakpointReport.Compute(Breakpoint, result)!;

        Assert.Equal(TimeSpan.FromSeconds(4.3), report.StoppedAt);
        Assert.Equal(35, report.TargetRate, 9);
        Assert.Equal(35, report.AchievedRate);
        Assert.Equal(TimeSpan.FromSeconds(4), report.MeasuredUntil);
        Assert.False(report.PeakReached);
        Assert.Null(report.StoppedBy);
    }

    [Fact]
    public void Compute_IntervalsOfOtherLengths_AchievedIsPerSecond()
    {
        var verdict = Crossed(Breakpoint.Thresholds[0], TimeSpan.FromSeconds(5.25));
        var result = Result("aborted", Intervals(3, (Second, 30), (TimeSpan.FromSeconds(1.25), 50)), [verdict]);

        var report = BreakpointReport.Compute(Breakpoint, result)!;

        Assert.Equal(40, report.AchievedRate);
        Assert.Equal(46.25, report.TargetRate, 9);
    }

    [Fact]
    public void Compute_TimerTickedALittleLate_TheIntervalStillCounts()
    {
        var verdict = Crossed(Breakpoint.Thresholds[0], TimeSpan.FromSeconds(3));
        var result = Result("aborted", Intervals(1, (Second, 10), (Second + TimeSpan.FromMilliseconds(3), 20)), [verdict]);

        Assert.Equal(20 / 1.003, BreakpointReport.Compute(Breakpoint, result)!.AchievedRate!.Value, 9);
    }

    [Fact]
    public void Compute_AbortedInTheFirstInterval_NoAchievedRate()
    {
        var verdict = Crossed(Breakpoint.Thresholds[0], TimeSpan.FromMilliseconds(400));
        var result = Result("aborted", Intervals(0, (TimeSpan.FromMilliseconds(400), 1)), [verdict]);

        var report = BreakpointReport.Compute(Breakpoint, result)!;

        Assert.Null(report.AchievedRate);
        Assert.Null(report.MeasuredFrom);
        Assert.Equal(4, report.TargetRate, 9);   // no interval to average over: the target at the stop
    }

    [Fact]
    public void Compute_SeveralScenarios_TargetsAndIterationsOfTheOpenModelOnesAdded()
    {
        var body = new DelegateBody((_, _) => ValueTask.CompletedTask);
        var plan = new TestPlanBuilder()
            .Scenario("a", new RampingArrivalRateConfig(0, [new Stage(TimeSpan.FromSeconds(10), 50)], 1, 10), body)
            .Scenario("b", new ConstantArrivalRateConfig(20, TimeSpan.FromSeconds(10), 1, 10) { StartTime = TimeSpan.FromSeconds(2) }, body)
            .Scenario("closed", new ConstantVusConfig(5, TimeSpan.FromSeconds(10)), body)
            .Build();
        var snapshot = Snapshot(TimeSpan.FromSeconds(3), Second, ("a", 17), ("b", 20), ("closed", 400));
        var result = Result("interrupted", [snapshot], [], duration: TimeSpan.FromSeconds(4));

        var report = BreakpointReport.Compute(plan, result)!;

        Assert.Equal(17.5 + 20, report.TargetRate, 9);
        Assert.Equal(37, report.AchievedRate);
        Assert.Equal(70, report.PeakRate);
        Assert.Equal(TimeSpan.FromSeconds(4), report.StoppedAt);
    }

    [Fact]
    public void Compute_NoArrivalRateScenario_Null()
    {
        var plan = LoadProfiles.Apply(LoadProfilesTests.Plan(1), new ProfileOptions { Profile = LoadProfile.Load });

        Assert.Null(BreakpointReport.Compute(plan, Result("completed", [], [], duration: Second)));
    }

    private static ThresholdResult Crossed(Threshold threshold, TimeSpan at) =>
        new(threshold, false, 0.2, null) { AbortedAt = at };

    // Intervals of scenario s0, end to end from `fromSecond`.
    private static List<IntervalSnapshot> Intervals(int fromSecond, params (TimeSpan Length, int Iterations)[] intervals)
    {
        var series = new List<IntervalSnapshot>();
        var at = TimeSpan.FromSeconds(fromSecond);
        foreach (var (length, iterations) in intervals)
        {
            series.Add(Snapshot(at, length, ("s0", iterations)));
            at += length;
        }

        return series;
    }

    private static IntervalSnapshot Snapshot(TimeSpan offset, TimeSpan length, params (string Scenario, int Iterations)[] counts)
    {
        var metrics = new Dictionary<SeriesKey, MetricAggregate>();
        foreach (var (scenario, iterations) in counts)
        {
            var aggregate = new MetricAggregate(BuiltinMetrics.Iterations, TagSet.Of(("scenario", scenario)));
            for (var n = 0; n < iterations; n++)
            {
                aggregate.AddCount(1);
            }

            metrics[aggregate.Key] = aggregate;
        }

        return new IntervalSnapshot
        {
            Offset = offset,
            Length = length,
            Time = DateTimeOffset.UnixEpoch + offset + length,
            Metrics = metrics,
            Errors = new Dictionary<ErrorKind, long>(),
            Generator = default,
        };
    }

    // The run lasts until its last interval ends, unless told otherwise.
    private static RunResult Result(string outcome, List<IntervalSnapshot> series, ThresholdResult[] thresholds, TimeSpan? duration = null)
    {
        var result = new RunResult
        {
            Run = new RunInfo
            {
                Tool = "stampede test",
                Started = DateTimeOffset.UnixEpoch,
                Duration = duration ?? (series.Count == 0 ? TimeSpan.Zero : series[^1].Offset + series[^1].Length),
                Outcome = outcome,
            },
            Metrics = [],
            Series = series,
            Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long>(), Messages = [] },
            Accounting = new RequestAccounting(0, 0, 0, 0),
            Generator = new GeneratorHealth(),
        };
        result.Thresholds = thresholds;
        return result;
    }
}

using HdrHistogram;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Results;

/// <summary>Field-by-field equality of results; histograms must match in every bucket.</summary>
internal static class RunResultAssert
{
    public static void Equal(RunResult expected, RunResult actual)
    {
        EqualRun(expected.Run, actual.Run);
        EqualSeriesSet(expected.Metrics, actual.Metrics, "metrics");

        Assert.Equal(expected.Series.Count, actual.Series.Count);
        for (var i = 0; i < expected.Series.Count; i++)
        {
            var (e, a) = (expected.Series[i], actual.Series[i]);
            var at = $"series[{i}]";
            Assert.Equal(e.Offset, a.Offset);
            Assert.Equal(e.Length, a.Length);
            EqualTime(e.Time, a.Time);
            Assert.Equal(e.Vus, a.Vus);
            Assert.Equal(e.VusMax, a.VusMax);
            Assert.Equal(e.TargetRate, a.TargetRate);
            Assert.Equal(e.Generator, a.Generator);
            EqualCounts(e.Errors, a.Errors);
            EqualSeriesSet(e.Metrics.Values.ToList(), a.Metrics.Values.ToList(), at);
            foreach (var (key, value) in a.Metrics)
            {
                Assert.Equal(key, value.Key);
            }
        }

        Assert.Equal(expected.Changes, actual.Changes);
        EqualCounts(expected.Errors.Counts, actual.Errors.Counts);
        Assert.Equal(expected.Errors.Messages, actual.Errors.Messages);
        Assert.Equal(expected.Accounting, actual.Accounting);

        var (eg, ag) = (expected.Generator, actual.Generator);
        Assert.Equal(eg.DroppedIterations, ag.DroppedIterations);
        Assert.Equal(eg.CpuPercentMean, ag.CpuPercentMean);
        Assert.Equal(eg.CpuPercentMax, ag.CpuPercentMax);
        Assert.Equal(eg.GcPauseMs, ag.GcPauseMs);
        Assert.Equal(eg.MaxConnections, ag.MaxConnections);
        Assert.Equal(eg.Cores, ag.Cores);
        Assert.Equal(eg.Warnings, ag.Warnings);
        Assert.Equal(eg.SchedulingLag is null, ag.SchedulingLag is null);
        if (eg.SchedulingLag is not null)
        {
            EqualAggregate(eg.SchedulingLag, ag.SchedulingLag!, "generator.schedulingLag");
        }
    }

    public static void EqualAggregate(MetricAggregate expected, MetricAggregate actual, string at)
    {
        Assert.True(expected.Metric == actual.Metric, $"{at}: metric {expected.Metric} != {actual.Metric}");
        Assert.True(expected.Tags.Equals(actual.Tags), $"{at}: tags {expected.Tags} != {actual.Tags}");
        Exact(expected.Sum, actual.Sum, at + ".Sum");
        Assert.True(expected.Count == actual.Count, $"{at}.Count {expected.Count} != {actual.Count}");
        Assert.True(expected.Passes == actual.Passes, $"{at}.Passes");
        Assert.True(expected.Fails == actual.Fails, $"{at}.Fails");
        Exact(expected.Min, actual.Min, at + ".Min");
        Exact(expected.Max, actual.Max, at + ".Max");
        Exact(expected.Value, actual.Value, at + ".Value");
        Assert.Equal(expected.Histogram is null, actual.Histogram is null);
        if (expected.Histogram is not null)
        {
            EqualHistogram(expected.Histogram, actual.Histogram!, at);
        }
    }

    public static void EqualHistogram(HistogramBase expected, HistogramBase actual, string at)
    {
        Assert.True(expected.TotalCount == actual.TotalCount, $"{at}: TotalCount {expected.TotalCount} != {actual.TotalCount}");
        Assert.Equal(expected.LowestTrackableValue, actual.LowestTrackableValue);
        Assert.Equal(expected.HighestTrackableValue, actual.HighestTrackableValue);
        Assert.Equal(expected.NumberOfSignificantValueDigits, actual.NumberOfSignificantValueDigits);

        // AllValues steps through every bucket index up to the last recorded value.
        var e = expected.AllValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
        var a = actual.AllValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
        Assert.True(e.SequenceEqual(a), $"{at}: histogram buckets differ");
    }

    private static void EqualRun(RunInfo expected, RunInfo actual)
    {
        Assert.Equal(expected.Tool, actual.Tool);
        EqualTime(expected.Started, actual.Started);
        Assert.Equal(expected.Duration, actual.Duration);
        Assert.Equal(expected.Command, actual.Command);
        Assert.Equal(expected.Machine, actual.Machine);
        Assert.Equal(expected.GitCommit, actual.GitCommit);
        Assert.Equal(expected.Insecure, actual.Insecure);
        Assert.Equal(expected.Transport, actual.Transport);
        Assert.Equal(expected.Outcome, actual.Outcome);
        Assert.Equal(expected.Interval, actual.Interval);
        Assert.Equal(expected.Scenarios, actual.Scenarios);
    }

    private static void EqualSeriesSet(IReadOnlyList<MetricAggregate> expected, IReadOnlyList<MetricAggregate> actual, string at)
    {
        Assert.Equal(
            expected.Select(m => m.Key.ToString()).Order(StringComparer.Ordinal),
            actual.Select(m => m.Key.ToString()).Order(StringComparer.Ordinal));
        var byKey = actual.ToDictionary(m => m.Key);
        foreach (var e in expected)
        {
            Assert.True(byKey.TryGetValue(e.Key, out var a), $"{at}: {e.Key} missing");
            EqualAggregate(e, a!, $"{at}[{e.Key}]");
        }
    }

    private static void EqualCounts(IReadOnlyDictionary<ErrorKind, long> expected, IReadOnlyDictionary<ErrorKind, long> actual) =>
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));

    private static void EqualTime(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(expected.Ticks, actual.Ticks);
        Assert.Equal(expected.Offset, actual.Offset);
    }

    private static void Exact(double expected, double actual, string at) =>
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual) || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{at}: {expected:R} != {actual:R}");
}

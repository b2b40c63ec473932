using Stampede.Metrics;

namespace Stampede.Tests.Metrics;

public class MetricAggregateCompactionTests
{
    private static MetricAggregate Trend(params long[] micros)
    {
        var aggregate = new MetricAggregate(BuiltinMetrics.HttpReqDuration, TagSet.Empty);
        foreach (var value in micros)
        {
            aggregate.AddTrend(value);
        }

        return aggregate;
    }

    [Fact]
    public void Add_CompactedOther_MergesExactlyAndLeavesTheOtherCompressed()
    {
        var values = Enumerable.Range(1, 2000).Select(i => (long)(i * 37 % 50_000) + 1).ToArray();
        var compacted = Trend(values);
        compacted.Compact();
        var expected = Trend(values);

        var merged = Trend(5, 7);
        merged.Add(compacted);
        expected.Add(Trend(5, 7));

        Assert.False(compacted.HoldsCounts);
        Assert.NotNull(compacted.CompressedHistogram);
        Assert.Equal(expected.Count, merged.Count);
        Assert.Equal((expected.Min, expected.Max, expected.Sum), (merged.Min, merged.Max, merged.Sum));
        foreach (var p in new[] { 0.0, 50, 90, 99, 99.9, 100 })
        {
            Assert.Equal(expected.Percentile(p), merged.Percentile(p));
        }
    }

    [Fact]
    public void AddTrend_AfterCompact_KeepsTheEarlierValues()
    {
        var aggregate = Trend(100, 200, 300);
        aggregate.Compact();

        aggregate.AddTrend(400);

        Assert.Equal(4, aggregate.Count);
        Assert.True(aggregate.HoldsCounts);
        Assert.Null(aggregate.CompressedHistogram);
        Assert.Equal(4, aggregate.Histogram!.TotalCount);
        Assert.Equal(200, aggregate.Percentile(50), 0);
    }

    [Fact]
    public void SumOf_ManyCompactedIntervals_NoneInflatedAfterwards()
    {
        var intervals = Enumerable.Range(0, 50).Select(i => Trend(i + 1, (i + 1) * 10)).ToList();
        intervals.ForEach(i => i.Compact());

        var total = MetricAggregate.SumOf(intervals, BuiltinMetrics.HttpReqDuration, TagSet.Empty);

        Assert.Equal(100, total!.Count);
        Assert.All(intervals, i => Assert.False(i.HoldsCounts));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Subtract_AnAddedTrend_LeavesExactlyTheRest(bool compacted)
    {
        var keep = Enumerable.Range(1, 500).Select(i => (long)(i * 13 % 9000) + 1).ToArray();
        var drop = Enumerable.Range(1, 700).Select(i => (long)(i * 29 % 70_000) + 1).ToArray();
        var dropped = Trend(drop);
        if (compacted)
        {
            dropped.Compact();
        }

        var window = Trend(keep);
        window.Add(dropped);
        window.Subtract(dropped);
        var expected = Trend(keep);

        Assert.Equal((expected.Count, expected.Sum), (window.Count, window.Sum));
        Assert.Equal(expected.Histogram!.TotalCount, window.Histogram!.TotalCount);
        foreach (var p in new[] { 1.0, 50, 90, 99, 100 })
        {
            Assert.Equal(expected.Histogram.GetValueAtPercentile(p), window.Histogram.GetValueAtPercentile(p));
        }
    }

    [Fact]
    public void Subtract_CounterAndRate_TakeBackTheirCounts()
    {
        var counter = new MetricAggregate(BuiltinMetrics.HttpReqs, TagSet.Empty);
        var rate = new MetricAggregate(BuiltinMetrics.HttpReqFailed, TagSet.Empty);
        var (c1, r1) = (new MetricAggregate(BuiltinMetrics.HttpReqs, TagSet.Empty), new MetricAggregate(BuiltinMetrics.HttpReqFailed, TagSet.Empty));
        c1.AddCount(3);
        r1.AddRate(true);
        counter.AddCount(2);
        rate.AddRate(false);
        counter.Add(c1);
        rate.Add(r1);

        counter.Subtract(c1);
        rate.Subtract(r1);

        Assert.Equal((2d, 1L), (counter.Sum, counter.Count));
        Assert.Equal((0L, 1L), (rate.Passes, rate.Fails));
        Assert.Throws<InvalidOperationException>(() => new MetricAggregate(BuiltinMetrics.Vus, TagSet.Empty).Subtract(counter));
    }
}

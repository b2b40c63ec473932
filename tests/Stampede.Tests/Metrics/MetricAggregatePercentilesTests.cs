using Stampede.Metrics;

namespace Stampede.Tests.Metrics;

public class MetricAggregatePercentilesTests
{
    private static readonly double[] Asked = [99.99, 50, 0, 100, 66, 90, 99.9, 95, 75, 99, 80, 98, 0.001, 1e-9];

    private static MetricAggregate Trend(IEnumerable<long> micros)
    {
        var aggregate = new MetricAggregate(BuiltinMetrics.HttpReqDuration, TagSet.Empty);
        foreach (var value in micros)
        {
            aggregate.AddTrend(value);
        }

        return aggregate;
    }

    public static TheoryData<string, long[]> Distributions() => new()
    {
        { "one value", [1234] },
        { "uniform 1 µs to 50 ms", [.. Enumerable.Range(0, 5000).Select(i => (long)(i * 7919 % 50_000) + 1)] },
        { "two modes far apart", [.. Enumerable.Range(0, 900).Select(_ => 800L), .. Enumerable.Range(0, 100).Select(i => 2_000_000L + i)] },
        { "below the 1 µs floor and above an hour", [0, 0, 5, 3_600_000_000, 7_200_000_000] },
        { "a long tail", [.. Enumerable.Range(1, 3000).Select(i => (long)Math.Pow(i, 2.2))] },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Percentiles_AnyOrder_EachAsHdrHistogramClampedToMinMax(string name, long[] micros)
    {
        var aggregate = Trend(micros);
        var values = new double[Asked.Length];

        aggregate.Percentiles(Asked, values);

        for (var i = 0; i < Asked.Length; i++)
        {
            var expected = Math.Clamp(aggregate.Histogram!.GetValueAtPercentile(Asked[i]), aggregate.Min, aggregate.Max);
            Assert.True(expected == values[i], $"{name}: p({Asked[i]}) {values[i]} != {expected}");
            Assert.Equal(values[i], aggregate.Percentile(Asked[i]));
        }
    }

    [Fact]
    public void Percentiles_Compacted_SameAsExpandedAndClampedToMinMax()
    {
        var micros = Enumerable.Range(0, 2000).Select(i => (long)(i * 37 % 9_000) + 1001).ToArray();
        var compacted = Trend(micros);
        compacted.Compact();
        var expanded = Trend(micros);
        var values = new double[Asked.Length];

        compacted.Percentiles(Asked, values);

        Assert.Equal(Asked.Select(p => Math.Clamp(expanded.Histogram!.GetValueAtPercentile(p), expanded.Min, expanded.Max)), values);
        Assert.Equal(1001, values[Array.IndexOf(Asked, 0.0)]);
        Assert.Equal(expanded.Max, values[Array.IndexOf(Asked, 100.0)]);
    }

    [Fact]
    public void Percentiles_NoValues_AllZero()
    {
        var values = new double[] { 1, 2, 3 };

        Trend([]).Percentiles([50, 90, 99], values);

        Assert.Equal([0, 0, 0], values);
    }

    [Fact]
    public void Percentiles_TooLittleRoom_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Trend([1, 2]).Percentiles([50, 90], new double[1]));

        Assert.Contains("room for 1 values, 2 percentiles asked", error.Message, StringComparison.Ordinal);
    }
}

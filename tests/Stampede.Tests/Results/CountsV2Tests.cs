using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Results;

public class CountsV2Tests
{
    [Fact]
    public void CopyCounts_PublicLookups_SameAsDirectView()
    {
        var histogram = Histograms.Create();
        var random = new Random(11);
        for (var i = 0; i < 5_000; i++)
        {
            Histograms.RecordMicros(histogram, (long)Math.Exp(random.NextDouble() * 22));
        }

        long[] scratch = [];
        var direct = CountsV2.Counts(histogram, ref scratch, out var length).AsSpan(0, length).ToArray();
        var copied = new long[CountsV2.SlotCount(histogram)];
        var copiedLength = CountsV2.CopyCounts(histogram, copied);

        Assert.Empty(scratch);
        Assert.Equal(direct, copied.AsSpan(0, copiedLength).ToArray());
        Assert.Equal(histogram.TotalCount, direct.Sum());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5_000)]
    public void Add_OurLayout_SameCountsAsHdrHistogramsAdd(int values)
    {
        var source = Histograms.Create();
        var random = new Random(values);
        for (var i = 0; i < values; i++)
        {
            Histograms.RecordMicros(source, (long)Math.Exp(random.NextDouble() * 22));
        }

        Histograms.RecordMicros(source, Histograms.HighestMicros);
        var ours = Histograms.Create();
        var theirs = Histograms.Create();
        ours.RecordValue(777);
        theirs.RecordValue(777);

        CountsV2.Add(source, ours);
        theirs.Add(source);

        long[] a = [], b = [];
        Assert.Equal(theirs.TotalCount, ours.TotalCount);
        Assert.Equal(CountsV2.Counts(theirs, ref a, out var theirLength).AsSpan(0, theirLength).ToArray(),
            CountsV2.Counts(ours, ref b, out var ourLength).AsSpan(0, ourLength).ToArray());
        Assert.Equal(theirs.GetValueAtPercentile(100), ours.GetValueAtPercentile(100));
    }

    [Fact]
    public void Add_OtherLayout_FallsBackToHdrHistogramsAdd()
    {
        var source = new HdrHistogram.LongHistogram(1, 1_000_000, 2);
        source.RecordValue(4_321);
        var target = Histograms.Create();
        var expected = Histograms.Create();
        expected.Add(source);

        CountsV2.Add(source, target);

        Assert.Equal(1, target.TotalCount);
        Assert.Equal(expected.GetValueAtPercentile(50), target.GetValueAtPercentile(50));
        Assert.InRange(target.GetValueAtPercentile(50), 4_300, 4_400);
    }

    [Fact]
    public void TryAddTo_OwnEncoding_AddsToExistingCounts()
    {
        var histogram = Histograms.Create();
        histogram.RecordValue(1_500);
        histogram.RecordValue(3_000_000);
        long[] scratch = [];
        var counts = CountsV2.Counts(histogram, ref scratch, out var length);
        var encoded = new byte[CountsV2.HeaderLength + (CountsV2.MaxWordLength * length)];
        var written = CountsV2.Write(histogram, counts.AsSpan(0, length), encoded);
        var target = Histograms.Create();
        target.RecordValue(1_500);

        Assert.True(CountsV2.TryAddTo(encoded.AsSpan(0, written), target));

        Assert.Equal(3, target.TotalCount);
        Assert.Equal(2, target.GetCountAtValue(1_500));
    }
}

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

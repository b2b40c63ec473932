using HdrHistogram;
using HdrHistogram.Utilities;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Results;

public class HistogramCodecTests
{
    [Fact]
    public void EncodeBase64_AnyHistogram_StartsWithHistf()
    {
        using var codec = new HistogramCodec();

        var empty = codec.EncodeBase64(Histograms.Create());
        var full = codec.EncodeBase64(Spread(1_000, seed: 1));

        Assert.StartsWith("HISTF", empty, StringComparison.Ordinal);
        Assert.StartsWith("HISTF", full, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeBase64_DecodedByHdrHistogram_SameBuckets()
    {
        using var codec = new HistogramCodec();
        var original = Spread(2_000, seed: 2);

        var bytes = Convert.FromBase64String(codec.EncodeBase64(original));
        var decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(bytes), 0);

        RunResultAssert.EqualHistogram(original, decoded, "hdr");
    }

    [Fact]
    public void DecodeBase64_WideHistogram_SameBuckets()
    {
        using var codec = new HistogramCodec();
        var original = Spread(200_000, seed: 3);

        var decoded = HistogramCodec.DecodeBase64(codec.EncodeBase64(original));

        RunResultAssert.EqualHistogram(original, decoded, "wide");
    }

    [Fact]
    public void DecodeBase64_HdrHistogramNetEncoding_SameBuckets()
    {
        var original = Spread(1_000, seed: 4);
        var buffer = ByteBuffer.Allocate(original.GetNeededByteBufferCapacity());
        var length = original.EncodeIntoCompressedByteBuffer(buffer);
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        var decoded = HistogramCodec.Decode(bytes);

        RunResultAssert.EqualHistogram(original, decoded, "hdr.net");
    }

    [Fact]
    public void IsOurLayout_OwnEncoding_True()
    {
        using var codec = new HistogramCodec();
        var histogram = Histograms.Create();
        foreach (var micros in new long[] { 1, 250, 40_000, 3_000_000_000 })
        {
            histogram.RecordValue(micros);
        }

        Assert.True(HistogramCodec.IsOurLayout(codec.Encode(histogram)));
    }

    [Fact]
    public void IsOurLayout_WiderHistogram_FalseAndDecodingIntoOursRefuses()
    {
        using var codec = new HistogramCodec();
        var wide = new LongHistogram(1, Histograms.HighestMicros * 1000, Histograms.SignificantDigits);
        wide.RecordValue(Histograms.HighestMicros * 500);
        var bytes = codec.Encode(wide).ToArray();

        Assert.False(HistogramCodec.IsOurLayout(bytes));
        Assert.Throws<FormatException>(() => HistogramCodec.DecodeInto(bytes, Histograms.Create()));
    }

    [Fact]
    public void Encode_ReusedCodec_SameBytesEachTime()
    {
        using var codec = new HistogramCodec();
        var small = Spread(10, seed: 5);
        var large = Spread(50_000, seed: 6);

        var first = codec.EncodeBase64(small);
        _ = codec.EncodeBase64(large);
        var again = codec.EncodeBase64(small);

        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5_000)]
    public void Encode_StandardHistogram_SameBytesAsHdrHistogramEncoder(int values)
    {
        using var codec = new HistogramCodec();
        var original = Spread(values, seed: 8);
        var buffer = ByteBuffer.Allocate(original.GetNeededByteBufferCapacity() * 2);
        var length = original.Encode(buffer, HdrHistogram.Encoding.HistogramEncoderV2.Instance);
        buffer.Position = 0;
        var expected = new byte[length];
        for (var i = 0; i < length; i++)
        {
            expected[i] = buffer.Get();
        }

        var compressed = codec.Encode(original).ToArray();
        using var inflater = new System.IO.Compression.ZLibStream(new MemoryStream(compressed, 8, compressed.Length - 8), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflater.CopyTo(plain);

        Assert.Equal(expected, plain.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(50.0)]
    [InlineData(90.0)]
    [InlineData(99.9)]
    [InlineData(100.0)]
    public void Percentile_AfterEncode_SameAsHdrHistogram(double percentile)
    {
        using var codec = new HistogramCodec();
        var original = Spread(3_000, seed: 9);

        codec.Encode(original);

        Assert.Equal(original.GetValueAtPercentile(percentile), codec.Percentile(percentile));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAA==")]
    [InlineData("HISTFAAAAAAA")]
    public void DecodeBase64_NotAHistogram_FormatException(string text) =>
        Assert.Throws<FormatException>(() => HistogramCodec.DecodeBase64(text));

    private static LongHistogram Spread(int values, int seed)
    {
        var random = new Random(seed);
        var histogram = Histograms.Create();
        for (var i = 0; i < values; i++)
        {
            Histograms.RecordMicros(histogram, (long)Math.Exp(random.NextDouble() * 22));
        }

        return histogram;
    }
}

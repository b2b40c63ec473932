using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Encoding;
using HdrHistogram.Utilities;

namespace Stampede.Metrics;

/// <summary>
/// Encodes histograms in HdrHistogram's standard compressed V2 form (cookie <c>0x1c849314</c>, then the
/// compressed length, then a zlib stream of the V2 encoding), the form every HdrHistogram implementation
/// reads. One instance serves a whole results file so its buffers are allocated once, not per histogram.
/// </summary>
internal sealed class HistogramCodec : IDisposable
{
    /// <summary>The compressed V2 cookie: base <c>0x1c849304</c> with the word-size nibble HdrHistogram sets.</summary>
    public const int CompressedV2Cookie = 0x1c849304 | 0x10;

    // Cookie and compressed length precede the zlib stream.
    private const int CompressedHeaderLength = 8;

    // The zlib (RFC 1950) header before the raw deflate data.
    private const int ZlibHeaderLength = 2;

    private readonly MemoryStream _compressed = new();
    private ByteBuffer? _encoded;
    private byte[] _plain = [];
    private long[] _counts = [];

    // The counts of the last encoded histogram: its own array or _counts.
    private long[] _lastCounts = [];
    private int _countsLength;
    private HistogramBase? _last;

    /// <summary>Encodes <paramref name="histogram"/> and returns the compressed bytes, valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        _last = histogram;
        int length;
        if (CountsV2.Supports(histogram))
        {
            _lastCounts = CountsV2.Counts(histogram, ref _counts, out _countsLength);
            EnsurePlain(CountsV2.HeaderLength + (CountsV2.MaxWordLength * _countsLength));
            length = CountsV2.Write(histogram, _lastCounts.AsSpan(0, _countsLength), _plain);
        }
        else
        {
            _countsLength = 0;
            length = EncodeWithLibrary(histogram);
        }

        _compressed.SetLength(0);
        Span<byte> header = stackalloc byte[CompressedHeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header, CompressedV2Cookie);
        _compressed.Write(header);

        // ZLibStream writes the Adler-32 trailer too, which Java's and JavaScript's decoders check. Fastest:
        // on an hour of 1 s intervals it halves the write time for about 20% more bytes than Optimal.
        using (var zlib = new ZLibStream(_compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(_plain, 0, length);
        }

        var bytes = _compressed.GetBuffer().AsSpan(0, (int)_compressed.Length);
        BinaryPrimitives.WriteInt32BigEndian(bytes[4..], bytes.Length - CompressedHeaderLength);
        return bytes;
    }

    /// <summary>
    /// The value at a percentile (0–100) of the histogram last passed to <see cref="Encode"/>, exactly as
    /// <see cref="HistogramBase.GetValueAtPercentile"/> computes it but from the counts already copied.
    /// </summary>
    public long Percentile(double percentile)
    {
        var histogram = _last ?? throw new InvalidOperationException("Encode a histogram first.");
        if (histogram.TotalCount == 0)
        {
            return 0;
        }

        if (_countsLength == 0)
        {
            return histogram.GetValueAtPercentile(percentile);
        }

        var wanted = Math.Max((long)((Math.Min(percentile, 100.0) / 100.0 * histogram.TotalCount) + 0.5), 1);
        var half = histogram.SubBucketCount / 2;
        long running = 0;
        for (var index = 0; index < _countsLength; index++)
        {
            running += _lastCounts[index];
            if (running >= wanted)
            {
                return CountsV2.HighestValueAtIndex(index, half);
            }
        }

        return CountsV2.HighestValueAtIndex(_countsLength - 1, half);
    }

    /// <summary>Encodes <paramref name="histogram"/> as base64 text (starts with <c>HISTF</c>).</summary>
    public string EncodeBase64(HistogramBase histogram) => Convert.ToBase64String(Encode(histogram));

    /// <summary>
    /// Decodes a compressed V2 histogram. Decompression is done here rather than by
    /// <see cref="HistogramEncoding.DecodeFromCompressedByteBuffer"/>, which reads the inflated payload with a
    /// single <c>Stream.Read</c> and so can see a short read on large histograms.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a compressed V2 histogram.</exception>
    public static HistogramBase Decode(ReadOnlySpan<byte> compressed)
    {
        var plain = Inflate(compressed, CheckHeader(compressed));
        try
        {
            return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(plain), 0);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            throw new FormatException("histogram data is corrupt: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Adds a compressed V2 histogram to <paramref name="target"/> without building an intermediate
    /// histogram when the layouts match (always, for files Stampede wrote).
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a compressed V2 histogram, or it does not fit the target.</exception>
    public static void DecodeInto(ReadOnlySpan<byte> compressed, HistogramBase target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var plain = Inflate(compressed, CheckHeader(compressed));
        if (CountsV2.TryAddTo(plain, target))
        {
            return;
        }

        try
        {
            target.Add(HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(plain), 0));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            throw new FormatException("histogram data is corrupt or wider than 1 µs … 1 h: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Checks that a compressed V2 histogram decodes into <paramref name="scratch"/>'s layout without keeping its
    /// counts: the usual layout is only walked; another is decoded into the scratch, which is then cleared.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a compressed V2 histogram, or it does not fit the layout.</exception>
    public static void Check(ReadOnlySpan<byte> compressed, HistogramBase scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (CountsV2.TryCheck(Inflate(compressed, CheckHeader(compressed)), scratch))
        {
            return;
        }

        try
        {
            DecodeInto(compressed, scratch);
        }
        finally
        {
            scratch.Reset();
        }
    }

    private static int CheckHeader(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length < CompressedHeaderLength + ZlibHeaderLength ||
            BinaryPrimitives.ReadInt32BigEndian(compressed) != CompressedV2Cookie)
        {
            throw new FormatException("not an HdrHistogram compressed V2 histogram");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(compressed[4..]);
        return length >= ZlibHeaderLength && length <= compressed.Length - CompressedHeaderLength
            ? length
            : throw new FormatException("histogram length does not match its data");
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed, int length)
    {
        try
        {
            // Raw deflate after the zlib header, so a stream without the Adler-32 trailer (as HdrHistogram.NET
            // writes) reads as well as a complete one.
            var deflated = compressed.Slice(CompressedHeaderLength + ZlibHeaderLength, length - ZlibHeaderLength).ToArray();
            using var input = new MemoryStream(deflated, writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            inflater.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new FormatException("histogram data is corrupt: " + ex.Message, ex);
        }
    }

    private void EnsurePlain(int capacity)
    {
        if (_plain.Length < capacity)
        {
            ArrayPool<byte>.Shared.Return(_plain);
            _plain = ArrayPool<byte>.Shared.Rent(capacity);
        }
    }

    private int EncodeWithLibrary(HistogramBase histogram)
    {
        // HdrHistogram sizes its buffer for 8 bytes per count, but a V2 LEB128 word may take 9.
        var capacity = (histogram.GetNeededByteBufferCapacity() / 8 * 9) + 64;
        if (_encoded is null || _encoded.Capacity() < capacity)
        {
            _encoded = ByteBuffer.Allocate(capacity);
        }

        EnsurePlain(capacity);
        _encoded.Position = 0;
        var length = histogram.Encode(_encoded, HistogramEncoderV2.Instance);

        // ByteBuffer exposes its bytes only one at a time.
        _encoded.Position = 0;
        for (var i = 0; i < length; i++)
        {
            _plain[i] = _encoded.Get();
        }

        return length;
    }

    /// <summary>Decodes base64 text written by <see cref="EncodeBase64"/>.</summary>
    /// <exception cref="FormatException">The text is not a base64 compressed V2 histogram.</exception>
    public static HistogramBase DecodeBase64(string base64) => Decode(Convert.FromBase64String(base64));

    /// <inheritdoc />
    public void Dispose()
    {
        _compressed.Dispose();
        ArrayPool<byte>.Shared.Return(_plain);
        _plain = [];
    }
}

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

    /// <summary>Encodes <paramref name="histogram"/> and returns the compressed bytes, valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);

        // HdrHistogram sizes its buffer for 8 bytes per count, but a V2 LEB128 word may take 9.
        var capacity = (histogram.GetNeededByteBufferCapacity() / 8 * 9) + 64;
        if (_encoded is null || _encoded.Capacity() < capacity)
        {
            _encoded = ByteBuffer.Allocate(capacity);
            ArrayPool<byte>.Shared.Return(_plain);
            _plain = ArrayPool<byte>.Shared.Rent(capacity);
        }

        _encoded.Position = 0;
        var length = histogram.Encode(_encoded, HistogramEncoderV2.Instance);

        // ByteBuffer exposes its bytes only one at a time; V2 payloads are small (zero runs are one word).
        _encoded.Position = 0;
        for (var i = 0; i < length; i++)
        {
            _plain[i] = _encoded.Get();
        }

        _compressed.SetLength(0);
        Span<byte> header = stackalloc byte[CompressedHeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header, CompressedV2Cookie);
        _compressed.Write(header);

        // ZLibStream writes the Adler-32 trailer too, which Java's and JavaScript's decoders check.
        using (var zlib = new ZLibStream(_compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(_plain, 0, length);
        }

        var bytes = _compressed.GetBuffer().AsSpan(0, (int)_compressed.Length);
        BinaryPrimitives.WriteInt32BigEndian(bytes[4..], bytes.Length - CompressedHeaderLength);
        return bytes;
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
        if (compressed.Length < CompressedHeaderLength + ZlibHeaderLength ||
            BinaryPrimitives.ReadInt32BigEndian(compressed) != CompressedV2Cookie)
        {
            throw new FormatException("not an HdrHistogram compressed V2 histogram");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(compressed[4..]);
        if (length < ZlibHeaderLength || length > compressed.Length - CompressedHeaderLength)
        {
            throw new FormatException("histogram length does not match its data");
        }

        byte[] plain;
        try
        {
            // Raw deflate after the zlib header, so a stream without the Adler-32 trailer (as HdrHistogram.NET
            // writes) reads as well as a complete one.
            var deflated = compressed.Slice(CompressedHeaderLength + ZlibHeaderLength, length - ZlibHeaderLength).ToArray();
            using var input = new MemoryStream(deflated, writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            inflater.CopyTo(output);
            plain = output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new FormatException("histogram data is corrupt: " + ex.Message, ex);
        }

        try
        {
            return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(plain), 0);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            throw new FormatException("histogram data is corrupt: " + ex.Message, ex);
        }
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

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace Stampede.Metrics;

/// <summary>
/// HdrHistogram's V2 encoding (header, then ZigZag LEB128 counts with runs of zeros as negative numbers)
/// for histograms with a lowest trackable value of 1, which is every histogram Stampede records.
/// HdrHistogram.NET's own encoder finds the highest value through a LINQ walk and costs about a millisecond
/// per histogram; a results file holds tens of thousands of them.
/// </summary>
internal static class CountsV2
{
    private static volatile bool _rawCountsAvailable = true;

    /// <summary>The uncompressed V2 cookie.</summary>
    public const int Cookie = 0x1c849303 | 0x10;

    /// <summary>Bytes before the counts.</summary>
    public const int HeaderLength = 40;

    /// <summary>Most bytes one count takes (LEB128-64b9B).</summary>
    public const int MaxWordLength = 9;

    /// <summary>True when <paramref name="histogram"/> has the index layout this class computes.</summary>
    public static bool Supports(HistogramBase histogram) => histogram.LowestTrackableValue == 1;

    /// <summary>Number of count slots of a histogram.</summary>
    public static int SlotCount(HistogramBase histogram) => (histogram.BucketCount + 1) * (histogram.SubBucketCount / 2);

    /// <summary>
    /// The counts up to the highest non-zero one (at least one slot): a view of the histogram's own array
    /// when it can be read directly, otherwise copied into <paramref name="scratch"/> (grown as needed).
    /// </summary>
    public static long[] Counts(HistogramBase histogram, ref long[] scratch, out int length)
    {
        if (histogram.GetType() == typeof(LongHistogram) && RawCounts((LongHistogram)histogram) is { } raw)
        {
            length = Math.Max(raw.AsSpan().LastIndexOfAnyExcept(0L) + 1, 1);
            return raw;
        }

        if (scratch.Length < SlotCount(histogram))
        {
            scratch = new long[SlotCount(histogram)];
        }

        length = CopyCounts(histogram, scratch);
        return scratch;
    }

    /// <summary>Copies the counts up to the highest non-zero one into <paramref name="counts"/>; returns how many (at least 1).</summary>
    public static int CopyCounts(HistogramBase histogram, long[] counts)
    {
        // Public API only: correct for any histogram, but each lookup recomputes the bucket of a value.
        var half = histogram.SubBucketCount / 2;
        var highest = 1;
        var slots = SlotCount(histogram);
        for (var index = 0; index < slots; index++)
        {
            var count = histogram.GetCountAtValue(ValueFromIndex(index, half));
            counts[index] = count;
            if (count != 0)
            {
                highest = index + 1;
            }
        }

        return highest;
    }

    /// <summary>The lowest value counted at <paramref name="index"/>.</summary>
    public static long ValueFromIndex(int index, int subBucketHalfCount)
    {
        var magnitude = System.Numerics.BitOperations.Log2((uint)subBucketHalfCount);
        var bucket = (index >> magnitude) - 1;
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
        if (bucket < 0)
        {
            subBucket -= subBucketHalfCount;
            bucket = 0;
        }

        return (long)subBucket << bucket;
    }

    /// <summary>The highest value counted at <paramref name="index"/>, which percentiles report (as HdrHistogram does).</summary>
    public static long HighestValueAtIndex(int index, int subBucketHalfCount)
    {
        var magnitude = System.Numerics.BitOperations.Log2((uint)subBucketHalfCount);
        var bucket = Math.Max((index >> magnitude) - 1, 0);
        return ValueFromIndex(index, subBucketHalfCount) + (1L << bucket) - 1;
    }

    /// <summary>Writes the V2 encoding into <paramref name="target"/> (sized for <see cref="HeaderLength"/> + <see cref="MaxWordLength"/> × length).</summary>
    public static int Write(HistogramBase histogram, ReadOnlySpan<long> counts, Span<byte> target)
    {
        BinaryPrimitives.WriteInt32BigEndian(target, Cookie);
        BinaryPrimitives.WriteInt32BigEndian(target[8..], 0); // normalizing index offset
        BinaryPrimitives.WriteInt32BigEndian(target[12..], histogram.NumberOfSignificantValueDigits);
        BinaryPrimitives.WriteInt64BigEndian(target[16..], histogram.LowestTrackableValue);
        BinaryPrimitives.WriteInt64BigEndian(target[24..], histogram.HighestTrackableValue);
        BinaryPrimitives.WriteDoubleBigEndian(target[32..], 1.0); // integer-to-double conversion ratio

        var position = HeaderLength;
        for (var index = 0; index < counts.Length;)
        {
            var count = counts[index++];
            long zeros = 0;
            if (count == 0)
            {
                var next = counts[index..].IndexOfAnyExcept(0L);
                var run = next < 0 ? counts.Length - index : next;
                zeros = 1 + run;
                index += run;
            }

            position += PutZigZag(target[position..], zeros > 1 ? -zeros : count);
        }

        BinaryPrimitives.WriteInt32BigEndian(target[4..], position - HeaderLength);
        return position;
    }

    /// <summary>
    /// Adds the counts of a V2 encoding to <paramref name="target"/>; false (nothing added) when the
    /// encoding's layout differs from the target's, so the caller can take the general path.
    /// </summary>
    public static bool TryAddTo(ReadOnlySpan<byte> encoded, HistogramBase target) => TryWalk(encoded, target, add: true);

    /// <summary>
    /// Checks a V2 encoding as <see cref="TryAddTo"/> reads it, without adding anything to <paramref name="layout"/>;
    /// false when the encoding's layout differs from it.
    /// </summary>
    /// <exception cref="FormatException">The encoding is truncated or has counts beyond its range.</exception>
    public static bool TryCheck(ReadOnlySpan<byte> encoded, HistogramBase layout) => TryWalk(encoded, layout, add: false);

    private static bool TryWalk(ReadOnlySpan<byte> encoded, HistogramBase target, bool add)
    {
        if (encoded.Length < HeaderLength || BinaryPrimitives.ReadInt32BigEndian(encoded) != Cookie ||
            BinaryPrimitives.ReadInt32BigEndian(encoded[8..]) != 0 ||
            BinaryPrimitives.ReadInt32BigEndian(encoded[12..]) != target.NumberOfSignificantValueDigits ||
            BinaryPrimitives.ReadInt64BigEndian(encoded[16..]) != target.LowestTrackableValue ||
            BinaryPrimitives.ReadInt64BigEndian(encoded[24..]) > target.HighestTrackableValue ||
            !Supports(target))
        {
            return false;
        }

        var payload = BinaryPrimitives.ReadInt32BigEndian(encoded[4..]);
        if (payload < 0 || payload > encoded.Length - HeaderLength)
        {
            throw new FormatException("histogram payload is truncated");
        }

        var half = target.SubBucketCount / 2;
        var slots = SlotCount(target);
        var data = encoded.Slice(HeaderLength, payload);
        var index = 0;
        while (!data.IsEmpty)
        {
            var value = GetZigZag(ref data);
            if (value < 0)
            {
                index += value < -slots ? slots + 1 : (int)-value;
            }
            else
            {
                if (index >= slots)
                {
                    throw new FormatException("histogram has counts beyond its range");
                }

                if (value > 0 && add)
                {
                    target.RecordValueWithCount(ValueFromIndex(index, half), value);
                }

                index++;
            }
        }

        return true;
    }

    // HdrHistogram.NET keeps counts in a private array and offers no span over it; reading it directly
    // turns a 23,552-slot scan of virtual lookups into one vectorized search. Null if a later version
    // renames the field, and the public path takes over.
    private static long[]? RawCounts(LongHistogram histogram)
    {
        if (!_rawCountsAvailable)
        {
            return null;
        }

        try
        {
            return CountsField(histogram);
        }
        catch (MissingFieldException)
        {
            _rawCountsAvailable = false;
            return null;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_counts")]
    private static extern ref readonly long[] CountsField(LongHistogram histogram);

    private static int PutZigZag(Span<byte> target, long value)
    {
        var bits = (ulong)((value << 1) ^ (value >> 63));
        for (var i = 0; i < 8; i++)
        {
            if (bits >> 7 == 0)
            {
                target[i] = (byte)bits;
                return i + 1;
            }

            target[i] = (byte)((bits & 0x7F) | 0x80);
            bits >>= 7;
        }

        // The ninth byte carries a full 8 bits (LEB128-64b9B).
        target[8] = (byte)bits;
        return MaxWordLength;
    }

    private static long GetZigZag(ref ReadOnlySpan<byte> data)
    {
        ulong bits = 0;
        for (var i = 0; i < MaxWordLength; i++)
        {
            if (data.IsEmpty)
            {
                throw new FormatException("histogram payload is truncated");
            }

            var b = data[0];
            data = data[1..];
            if (i == 8)
            {
                bits |= (ulong)b << 56;
                break;
            }

            bits |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return (long)(bits >> 1) ^ -(long)(bits & 1);
    }
}

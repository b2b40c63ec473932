using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Stampede.Cli.Outputs;

/// <summary>
/// Encodes a Prometheus remote-write 1.0 <c>WriteRequest</c> by hand (prompb/remote.proto, types.proto):
/// <code>
/// WriteRequest { repeated TimeSeries timeseries = 1; }
/// TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
/// Label        { string name = 1; string value = 2; }
/// Sample       { double value = 1; int64 timestamp = 2; }
/// </code>
/// One time series per sample, labels sorted by name with <c>__name__</c> among them, as the protocol requires.
/// Uncompressed: the output compresses a whole batch with snappy.
/// </summary>
internal sealed class RemoteWriteEncoder
{
    private const byte LengthDelimited = 2;
    private const byte Fixed64 = 1;
    private const byte Varint = 0;
    private readonly ArrayBufferWriter<byte> _request = new(4096);
    private readonly ArrayBufferWriter<byte> _series = new(256);
    private readonly ArrayBufferWriter<byte> _label = new(128);
    private readonly List<KeyValuePair<string, string>> _labels = [];

    /// <summary>Samples added since the last <see cref="Reset"/>.</summary>
    public int Samples { get; private set; }

    /// <summary>Adds one time series with one sample.</summary>
    /// <param name="name">The metric name (<c>__name__</c>).</param>
    /// <param name="labels">Other labels, valid names, sorted or not.</param>
    /// <param name="le">A histogram bucket's bound, or null.</param>
    /// <param name="value">The sample value.</param>
    /// <param name="timestampMs">The sample time, Unix ms.</param>
    public void Add(string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value, long timestampMs)
    {
        _labels.Clear();
        _labels.Add(KeyValuePair.Create("__name__", name));
        _labels.AddRange(labels);
        if (le is not null)
        {
            _labels.Add(KeyValuePair.Create("le", le));
        }

        _labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));

        _series.ResetWrittenCount();
        foreach (var (key, text) in _labels)
        {
            _label.ResetWrittenCount();
            WriteString(_label, 1, key);
            WriteString(_label, 2, text);
            WriteBytes(_series, 1, _label.WrittenSpan);
        }

        // Sample: value (fixed64 double), timestamp (varint int64).
        Span<byte> sample = stackalloc byte[1 + 8 + 1 + 10];
        sample[0] = Tag(1, Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(sample[1..], value);
        sample[9] = Tag(2, Varint);
        var length = 10 + WriteVarint(sample[10..], unchecked((ulong)timestampMs));
        WriteBytes(_series, 2, sample[..length]);

        WriteBytes(_request, 1, _series.WrittenSpan);
        Samples++;
    }

    /// <summary>The encoded request so far.</summary>
    public byte[] ToArray() => _request.WrittenSpan.ToArray();

    /// <summary>Starts a new request.</summary>
    public void Reset()
    {
        _request.ResetWrittenCount();
        Samples = 0;
    }

    private static byte Tag(int field, byte wireType) => (byte)((field << 3) | wireType);

    private static void WriteString(ArrayBufferWriter<byte> writer, int field, string text)
    {
        var span = writer.GetSpan(1 + 5 + Encoding.UTF8.GetMaxByteCount(text.Length));
        span[0] = Tag(field, LengthDelimited);
        var count = Encoding.UTF8.GetByteCount(text);
        var at = 1 + WriteVarint(span[1..], (ulong)count);
        at += Encoding.UTF8.GetBytes(text, span[at..]);
        writer.Advance(at);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> writer, int field, ReadOnlySpan<byte> bytes)
    {
        var span = writer.GetSpan(1 + 5 + bytes.Length);
        span[0] = Tag(field, LengthDelimited);
        var at = 1 + WriteVarint(span[1..], (ulong)bytes.Length);
        bytes.CopyTo(span[at..]);
        writer.Advance(at + bytes.Length);
    }

    private static int WriteVarint(Span<byte> span, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        return i;
    }
}

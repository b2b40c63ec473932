using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Stampede.Http;

namespace Stampede.Benchmarks.Scenarios;

/// <summary>
/// The <c>Produced</c> column: the heap size of what a benchmark returns when the call creates it — a string,
/// a byte array, or for a rendered request its URL string, header values and body — and 0 B when the call
/// hands back objects that already existed (a constant template, a captured header). Beside
/// <c>[MemoryDiagnoser]</c>'s Allocated, Allocated = Produced means the call allocates nothing beyond its
/// result. Measured in the host process: the benchmark's global setup runs, the method is called twice and
/// the two results are compared by reference (a new object each time counts, the same one does not).
/// </summary>
public sealed class ProducedBytesColumn : IColumn
{
    private readonly ConcurrentDictionary<BenchmarkCase, string> _values = new();

    /// <inheritdoc />
    public string Id => nameof(ProducedBytesColumn);

    /// <inheritdoc />
    public string ColumnName => "Produced";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Size;

    /// <inheritdoc />
    public string Legend => "Heap size of the string(s) or bytes the call returns as new objects (0 B: it returns existing ones; '-': it returns no text)";

    /// <summary>The heap size of a string of <paramref name="length"/> characters on this runtime (header, length, characters, terminator).</summary>
    public static long StringSize(int length) => Align((IntPtr.Size * 2) + 4 + (2 * (length + 1)));

    /// <summary>The heap size of a byte array of <paramref name="length"/> bytes.</summary>
    public static long ByteArraySize(int length) => Align((IntPtr.Size * 3) + length);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => _values.GetOrAdd(benchmarkCase, Measure);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public override string ToString() => ColumnName;

    private static string Measure(BenchmarkCase benchmarkCase)
    {
        var descriptor = benchmarkCase.Descriptor;
        var instance = Activator.CreateInstance(descriptor.Type)!;
        descriptor.GlobalSetupMethod?.Invoke(instance, null);
        try
        {
            var first = descriptor.WorkloadMethod.Invoke(instance, null);
            var second = descriptor.WorkloadMethod.Invoke(instance, null);
            return Size(first, second) is { } size ? size.ToString(CultureInfo.InvariantCulture) + " B" : "-";
        }
        finally
        {
            descriptor.GlobalCleanupMethod?.Invoke(instance, null);
        }
    }

    private static long? Size(object? first, object? second) => (first, second) switch
    {
        (string a, string b) => Fresh(a, b),
        (byte[] a, byte[] b) => ReferenceEquals(a, b) ? 0 : ByteArraySize(a.Length),
        (HttpRequestDefinition a, HttpRequestDefinition b) => RequestSize(a, b),
        _ => null,
    };

    private static long Fresh(string a, string b) => ReferenceEquals(a, b) ? 0 : StringSize(a.Length);

    /// <summary>A rendered request's text: its URL string, header values and body bytes that are new per call.</summary>
    private static long RequestSize(HttpRequestDefinition a, HttpRequestDefinition b)
    {
        var size = Fresh(a.Url.OriginalString, b.Url.OriginalString);
        for (var i = 0; i < a.Headers.Count; i++)
        {
            size += Fresh(a.Headers[i].Value, b.Headers[i].Value);
        }

        if (MemoryMarshal.TryGetArray(a.Body, out var bodyA) && MemoryMarshal.TryGetArray(b.Body, out var bodyB) && bodyA.Array is { Length: > 0 } array
            && !ReferenceEquals(array, bodyB.Array))
        {
            size += ByteArraySize(array.Length);
        }

        return size;
    }

    private static long Align(long size) => (size + IntPtr.Size - 1) / IntPtr.Size * IntPtr.Size;
}

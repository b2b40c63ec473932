using System.Globalization;
using System.Threading.Channels;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Outputs;

/// <summary>
/// <c>--out json=run.ndjson</c>: the interval log (<see cref="IntervalLog"/>). The header is written when the output
/// opens, before the run; each interval becomes one line, handed to a background writer that writes and flushes it
/// to the operating system at once, so a run killed with <c>kill -9</c> leaves every interval up to its last second.
/// The collector never waits: when the disk stalls and <see cref="Capacity"/> lines are queued, further intervals are
/// dropped and counted. When a write fails the log stops there (a later line after a half-written one would corrupt
/// it) and says so. A finished run ends the log with its end line.
/// </summary>
internal sealed class IntervalLogSink : IOutputSink
{
    /// <summary>Lines queued at most: two minutes of one-second intervals.</summary>
    public const int Capacity = 120;

    /// <summary>How long disposing waits for the queued lines to reach the file.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly Stream _file;
    private readonly string _source;
    private readonly TimeProvider _time;
    private readonly IntervalLogWriter _lines = new();
    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Task _writing;
    private readonly List<string> _warnings = [];
    private byte[]? _end;
    private long _intervals;
    private long _dropped;
    private long _unwritten;
    private string? _failure;
    private bool _disposed;

    private IntervalLogSink(Stream file, string source, TimeProvider time)
    {
        _file = file;
        _source = source;
        _time = time;
        _writing = Task.Run(WriteAsync);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Intervals dropped because the queue was full (the disk did not keep up).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Creates (or truncates) <paramref name="path"/> and writes the header line, flushed, before the run starts.
    /// </summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="source">Where the output was given, for messages (<c>--out json=run.ndjson</c>).</param>
    /// <param name="plan">The plan about to run: scenarios, settings and thresholds for the header.</param>
    /// <param name="command">The command line, secrets redacted.</param>
    /// <param name="time">The clock of the header's start time and of the drain timeout.</param>
    /// <exception cref="InvalidInputException">The file cannot be created or written.</exception>
    public static IntervalLogSink Open(string path, string source, TestPlan plan, string command, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(time);
        FileStream? file = null;
        try
        {
            // Readable by others while it grows: that is the point of the log.
            file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
            return Over(file, source, plan, command, time);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            var reason = ex is DirectoryNotFoundException ? "its folder does not exist" : ex.Message;
            throw new InvalidInputException($"{source}: cannot create the interval log {Path.GetFullPath(path)} ({reason}); check the path and its permissions", ex);
        }
    }

    /// <summary>Writes the header line to <paramref name="stream"/>, flushed, and returns the sink that writes the rest; it owns the stream.</summary>
    internal static IntervalLogSink Over(Stream stream, string source, TestPlan plan, string command, TimeProvider time)
    {
        using (var lines = new IntervalLogWriter())
        {
            stream.Write(lines.Header(IntervalLogWriter.Describe(plan, command, time.GetUtcNow()), Environment.ProcessorCount, plan.Thresholds));
        }

        stream.Flush();
        return new IntervalLogSink(stream, source, time);
    }

    /// <inheritdoc />
    public void OnInterval(IntervalSnapshot snapshot, RunProgress progress)
    {
        // Serialized here, on the collector: the snapshot's histograms are compacted as soon as the sinks return.
        // Only the file I/O, which can stall, happens on the writer.
        _intervals++;
        if (Volatile.Read(ref _failure) is not null)
        {
            Interlocked.Increment(ref _unwritten);
        }
        else if (!_queue.Writer.TryWrite(_lines.Interval(snapshot)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <inheritdoc />
    public void OnCompleted(RunResult result)
    {
        Volatile.Write(ref _end, _lines.End(result, DropWarnings()));
        _queue.Writer.TryComplete();
    }

    /// <summary>Waits (at most <see cref="DrainTimeout"/>) for the queued lines and the end line to be written, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Writer.TryComplete();
        try
        {
            await _writing.WaitAsync(DrainTimeout, _time).ConfigureAwait(false);
            await _file.DisposeAsync().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The writer is stuck in the file system; leave the file to it and say so.
            _warnings.Add(Invariant($"output {_source}: the disk did not take the last lines within {DrainTimeout.TotalSeconds:0} s; the log may end early"));
        }

        _warnings.AddRange(DropWarnings());
        if (_failure is not null)
        {
            _warnings.Add(Invariant($"output {_source}: writing failed ({_failure}); the log stops there: {Interlocked.Read(ref _unwritten)} interval(s) and the end line were not written"));
        }

        if (_writing.IsCompleted)
        {
            _lines.Dispose();
        }
    }

    private List<string> DropWarnings()
    {
        var dropped = Interlocked.Read(ref _dropped);
        return dropped > 0
            ? [Invariant($"output {_source} dropped {dropped} of {_intervals} interval(s): the disk did not keep up ({Capacity} lines queued); the log's series has gaps, its end line has the run's totals")]
            : [];
    }

    private async Task WriteAsync()
    {
        await foreach (var line in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (!Write(line))
            {
                Interlocked.Increment(ref _unwritten);
            }
        }

        if (Volatile.Read(ref _end) is { } end)
        {
            Write(end);
        }
    }

    private bool Write(byte[] line)
    {
        if (Volatile.Read(ref _failure) is not null)
        {
            return false;
        }

        try
        {
            // To the operating system at once: a killed process loses nothing the OS has (only a machine crash would).
            _file.Write(line);
            _file.Flush();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            Volatile.Write(ref _failure, ex.Message);
            return false;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

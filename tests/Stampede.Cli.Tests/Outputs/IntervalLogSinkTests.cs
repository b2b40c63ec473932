using System.Text;
using Stampede.Cli.Commands;
using Stampede.Cli.Outputs;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Tests.Outputs;

public sealed class IntervalLogSinkTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TestPlan Plan = DemoCommand.Plan(new Uri("http://127.0.0.1:9/"), TimeSpan.FromSeconds(4));

    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task OnInterval_DiskStalls_DropsAndCountsWithoutWaiting()
    {
        using var disk = new StallingStream();
        var sink = IntervalLogSink.Over(disk, "--out json=run.ndjson", Plan, "stampede demo", TimeProvider.System);
        sink.OnInterval(Snapshot(0), default);
        Assert.True(await disk.Stalled.WaitAsync(Patience), "the writer never tried to write the first interval");

        // The writer is stuck on the first line: the queue takes Capacity more, then intervals are dropped, never waited for.
        var pushing = Task.Run(() =>
        {
            for (var i = 1; i <= IntervalLogSink.Capacity + 5; i++)
            {
                sink.OnInterval(Snapshot(i), default);
            }
        });
        await pushing.WaitAsync(Patience); // a TimeoutException here: OnInterval waited for the stalled disk
        Assert.Equal(5, sink.Dropped);

        disk.Resume();
        sink.OnCompleted(Result());
        await sink.DisposeAsync();

        var lines = disk.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 1 + IntervalLogSink.Capacity + 1, lines.Length);
        var warning = Assert.Single(sink.Warnings);
        Assert.Equal($"output --out json=run.ndjson dropped 5 of {IntervalLogSink.Capacity + 6} interval(s): the disk did not keep up " +
            $"({IntervalLogSink.Capacity} lines queued); the log's series has gaps, its end line has the run's totals", warning);
        Assert.Contains(warning, ResultsFile.Deserialize(disk.Text).Generator.Warnings);
    }

    [Fact]
    public async Task Write_Fails_StopsTheLogAndSaysWhy()
    {
        using var disk = new StallingStream { FailFromWrite = 3 };
        var sink = IntervalLogSink.Over(disk, "--out json=run.ndjson", Plan, "stampede demo", TimeProvider.System);
        for (var i = 0; i < 4; i++)
        {
            sink.OnInterval(Snapshot(i), default);
        }

        sink.OnCompleted(Result());
        await sink.DisposeAsync();

        var warning = Assert.Single(sink.Warnings);
        Assert.Equal("output --out json=run.ndjson: writing failed (No space left on device); the log stops there: 3 interval(s) and the end line were not written", warning);
        var read = ResultsFile.Deserialize(disk.Text);
        Assert.Single(read.Series);
        Assert.Equal(IntervalLog.Incomplete, read.Run.Outcome);
    }

    [Fact]
    public async Task Open_WritesTheHeaderBeforeTheRun()
    {
        var path = Path.Combine(_folder, "run.ndjson");
        await File.WriteAllTextAsync(path, "an older file, truncated\n");

        var sink = IntervalLogSink.Open(path, "--out run.ndjson", Plan, "stampede demo", TimeProvider.System);
        var header = await ReadSharedAsync(path);
        await sink.DisposeAsync();

        Assert.StartsWith("{\"format\":\"stampede-stream/1\",", header, StringComparison.Ordinal);
        Assert.Single(header.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var read = ResultsFile.Read(path);
        Assert.Equal("stampede demo", read.Run.Command);
        Assert.Equal("ramping-vus", Assert.Single(read.Run.Scenarios).Executor);
    }

    [Fact]
    public void Open_CannotCreate_SaysWhyAndWhere()
    {
        var path = Path.Combine(_folder, "missing", "run.ndjson");

        var error = Assert.Throws<InvalidInputException>(() => IntervalLogSink.Open(path, "--out run.ndjson", Plan, "stampede demo", TimeProvider.System));

        Assert.Equal($"--out run.ndjson: cannot create the interval log {path} (its folder does not exist); check the path and its permissions", error.Message);
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static IntervalSnapshot Snapshot(int second) => new()
    {
        Offset = TimeSpan.FromSeconds(second),
        Length = TimeSpan.FromSeconds(1),
        Time = new DateTimeOffset(2026, 11, 23, 8, 0, second % 60, TimeSpan.Zero).AddMinutes(second / 60),
        Metrics = new Dictionary<SeriesKey, MetricAggregate>(),
        Errors = new Dictionary<ErrorKind, long>(),
        Generator = default,
    };

    private static RunResult Result() => new()
    {
        Run = new RunInfo { Tool = "stampede test", Started = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), Duration = TimeSpan.FromSeconds(4) },
        Metrics = [],
        Series = [],
        Errors = new ErrorSummary { Counts = new Dictionary<ErrorKind, long>(), Messages = [] },
        Accounting = new RequestAccounting(0, 0, 0, 0),
        Generator = new GeneratorHealth(),
    };

    /// <summary>A disk that takes the header, then stalls on the next write until resumed, or fails from a given write on.</summary>
    private sealed class StallingStream : Stream
    {
        private readonly MemoryStream _written = new();
        private readonly ManualResetEventSlim _resume = new();
        private int _writes;

        public SemaphoreSlim Stalled { get; } = new(0);

        public int FailFromWrite { get; init; } = int.MaxValue;

        public string Text
        {
            get
            {
                lock (_written)
                {
                    return Encoding.UTF8.GetString(_written.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Resume() => _resume.Set();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var write = Interlocked.Increment(ref _writes);
            if (write >= FailFromWrite)
            {
                throw new IOException("No space left on device");
            }

            if (write == 2 && FailFromWrite == int.MaxValue)
            {
                Stalled.Release();
                Assert.True(_resume.Wait(Patience), "the test never resumed the disk");
            }

            lock (_written)
            {
                _written.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _written.Dispose();
                _resume.Dispose();
                Stalled.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

using Stampede.Results;

namespace Stampede.Tests.Results;

public sealed class IntervalLogTests(IntervalLogFixture run) : IClassFixture<IntervalLogFixture>
{
    [Fact]
    public void Read_CompletedLog_ReadsBackAsTheResultsFileOfTheSameRun()
    {
        Assert.True(run.Lines.Count >= 6, $"the run wrote {run.Lines.Count} lines; the test needs several intervals");

        var read = ResultsFile.Deserialize(IntervalLogFixture.Text(run.Lines), "run.ndjson");

        var expected = run.ResultsFileResult;
        RunResultAssert.Equal(expected, read);
        Assert.Equal(expected.Thresholds.Select(t => (t.Threshold.Source, t.Passed, t.Observed)),
            read.Thresholds.Select(t => (t.Threshold.Source, t.Passed, t.Observed)));
        Assert.Equal("completed", read.Run.Outcome);
    }

    [Fact]
    public void Read_LogWithoutEndLine_RebuildsTheRunUpToItsLastInterval()
    {
        var expected = run.ResultsFileResult;
        Assert.True(expected.Errors.Counts.Count > 0 && expected.Errors.Messages.Count > 0, "the run must have errors with messages to rebuild");
        Assert.NotNull(expected.Generator.SchedulingLag);

        var read = ResultsFile.Deserialize(IntervalLogFixture.Text(run.Lines.SkipLast(1)), "run.ndjson");

        Assert.Equal(IntervalLog.Incomplete, read.Run.Outcome);
        Assert.Equal(expected.Run.Started, read.Run.Started);
        var last = expected.Series[^1];
        Assert.Equal(last.Offset + last.Length, read.Run.Duration);
        Assert.InRange((read.Run.Duration - expected.Run.Duration).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(0.001));
        Assert.True(read.Accounting.Balanced);
        Assert.StartsWith("the run did not finish; data up to 0:01 ", read.Generator.Warnings[0], StringComparison.Ordinal);
        Assert.Equal(expected.Generator.Warnings, read.Generator.Warnings.Skip(1));
        Assert.Equal(expected.Generator.CpuPercentMean, read.Generator.CpuPercentMean, 3); // over durations that may differ by a tick
        Assert.Equal(expected.Thresholds.Select(t => (t.Threshold.Source, t.Passed, t.Observed)),
            read.Thresholds.Select(t => (t.Threshold.Source, t.Passed, t.Observed)));

        // Everything else — totals, series, errors and messages, accounting, generator health — as the run finished it.
        RunResultAssert.Equal(expected, new RunResult
        {
            Run = expected.Run,
            Metrics = read.Metrics,
            Series = read.Series,
            Errors = read.Errors,
            Accounting = read.Accounting,
            Generator = read.Generator with { Warnings = expected.Generator.Warnings, CpuPercentMean = expected.Generator.CpuPercentMean },
        });
    }

    [Fact]
    public void Read_LogCutShort_TotalsAreTheSumOfTheIntervalsKept()
    {
        var kept = run.Lines.Take(4).ToList();

        var read = ResultsFile.Deserialize(IntervalLogFixture.Text(kept), "run.ndjson");

        Assert.Equal(3, read.Series.Count);
        var requests = read.Series.Sum(s => s.Total(Stampede.Metrics.BuiltinMetrics.HttpReqs)?.Count ?? 0);
        Assert.Equal(requests, read.Total(Stampede.Metrics.BuiltinMetrics.HttpReqs)?.Count ?? 0);
        Assert.Equal(read.Series.Sum(s => s.RequestsStarted), read.Accounting.Sent);
        Assert.Equal(requests, read.Accounting.Succeeded + read.Accounting.Failed);
        Assert.True(read.Accounting.Balanced);
    }

    [Fact]
    public void Read_LastLineCutMidWrite_IsIgnored()
    {
        var lines = run.Lines.SkipLast(1).ToList();
        var whole = lines.Count - 1;
        lines[^1] = lines[^1][..(lines[^1].Length / 2)];

        var read = ResultsFile.Deserialize(IntervalLogFixture.Text(lines), "run.ndjson");

        Assert.Equal(whole - 1, read.Series.Count);
        Assert.Equal(IntervalLog.Incomplete, read.Run.Outcome);
        Assert.EndsWith("a last line cut off mid-write was ignored", read.Generator.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptMiddleLine_FailsWithItsLineNumber()
    {
        var lines = run.Lines.ToList();
        lines[2] = lines[2][..20] + "\n";

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(IntervalLogFixture.Text(lines), "run.ndjson"));

        Assert.StartsWith("run.ndjson: line 3: not valid JSON at position ", error.Message, StringComparison.Ordinal);
        Assert.Contains("only the last line of a stream may be cut off", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadFieldInALine_NamesTheLineAndField()
    {
        var lines = run.Lines.ToList();
        lines[2] = lines[2].Replace("\"vusMax\":", "\"vusMax\":\"many\",\"x\":", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(IntervalLogFixture.Text(lines), "run.ndjson"));

        Assert.StartsWith("run.ndjson: line 3: interval.vusMax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderOnly_IsAnIncompleteRunWithNothingMeasured()
    {
        var read = ResultsFile.Deserialize(run.Lines[0], "run.ndjson");

        Assert.Equal(IntervalLog.Incomplete, read.Run.Outcome);
        Assert.Equal(TimeSpan.Zero, read.Run.Duration);
        Assert.Empty(read.Series);
        Assert.Empty(read.Metrics);
        Assert.Equal(new RequestAccounting(0, 0, 0, 0), read.Accounting);
        Assert.Equal(run.Result.Run.Scenarios, read.Run.Scenarios);
        Assert.Equal(IntervalLogFixture.Command, read.Run.Command);
        Assert.Equal(2, read.Thresholds.Count);
        Assert.Contains("no complete interval was written", read.Generator.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LineAfterTheEndLine_Fails()
    {
        var lines = run.Lines.Append(run.Lines[1]).ToList();

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(IntervalLogFixture.Text(lines), "run.ndjson"));

        Assert.StartsWith($"run.ndjson: line {lines.Count}: a line after the end line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NewerFormat_SaysWhichItReads()
    {
        var header = run.Lines[0].Replace(IntervalLog.Format, "stampede-stream/2", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(header, "run.ndjson"));

        Assert.Equal("run.ndjson: line 1: interval stream format 'stampede-stream/2' is not one this version reads (expected stampede-stream/1); use a newer stampede",
            error.Message);
    }

    [Fact]
    public void Lines_EachIsOneLineOfJson()
    {
        Assert.All(run.Lines, line =>
        {
            Assert.EndsWith("\n", line, StringComparison.Ordinal);
            Assert.Equal(1, line.Count(c => c == '\n'));
        });
        Assert.StartsWith("{\"format\":\"stampede-stream/1\",\"run\":{", run.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"end\":{\"run\":{", run.Lines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run.ndjson", true)]
    [InlineData("out/RUN.JSONL", true)]
    [InlineData("results.json", false)]
    [InlineData("run.ndjson.json", false)]
    public void IsStreamPath_ByExtension(string path, bool expected) => Assert.Equal(expected, IntervalLog.IsStreamPath(path));
}

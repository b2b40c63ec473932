using System.Globalization;
using System.Text.Json;
using Stampede.Metrics;
using Stampede.Thresholds;

namespace Stampede.Results;

/// <summary>
/// Reads an interval stream (<see cref="IntervalLog"/>) back into a <see cref="RunResult"/>. With its end line, the
/// stream reads back as the results file of the same run would. Without one the run did not finish (it was killed):
/// the result is rebuilt from the intervals — totals merged, accounting, errors and generator health summed, thresholds
/// judged again — with outcome <c>incomplete</c>. Only the last line may be cut off; it is then ignored.
/// </summary>
internal sealed class IntervalLogReader
{
    private const int MaxMessages = 50;

    private static readonly JsonDocumentOptions LineOptions = new() { MaxDepth = 16 };

    private readonly ResultsReader _reader = new();

    /// <summary>True when the first line of <paramref name="utf8"/> is a stream header (any version).</summary>
    public static bool IsStream(ReadOnlySpan<byte> utf8)
    {
        // The header starts with its format, written without spaces; a results file starts with "{\n".
        var prefix = "{\"format\":\"stampede-stream/"u8;
        return utf8.StartsWith(prefix);
    }

    /// <summary>Reads the stream; problems raise <see cref="InvalidInputException"/> naming <paramref name="source"/> and the line.</summary>
    public RunResult Read(ReadOnlyMemory<byte> utf8, string source)
    {
        var lines = SplitLines(utf8.Span);

        // A run killed mid-write leaves a last line without its newline; whatever it holds is not trusted.
        var cut = lines.Count > 0 && !lines[^1].Complete && !IsJson(utf8.Slice(lines[^1].Start, lines[^1].Length));
        if (cut)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count == 0)
        {
            throw new InvalidInputException($"{source}: empty interval stream (no header line); the run was stopped before it wrote anything");
        }

        using var header = ParseLine(utf8, lines[0], source);
        var root = header.RootElement;
        CheckFormat(root, source);
        RunInfo run;
        int cores;
        List<Threshold> thresholds;
        try
        {
            run = ResultsReader.ReadRun(JsonFields.Object(root, "run", ""));
            cores = JsonFields.Int(root, "cores", "");
            thresholds = ReadThresholds(JsonFields.Array(root, "thresholds", ""));
        }
        catch (FormatException ex)
        {
            throw new InvalidInputException($"{source}: line 1: {ex.Message}", ex);
        }

        var endIndex = lines.FindIndex(1, l => IsEndLine(utf8.Span.Slice(l.Start, l.Length)));
        if (endIndex >= 0 && endIndex != lines.Count - 1)
        {
            throw new InvalidInputException(
                $"{source}: line {lines[endIndex + 1].Number}: a line after the end line; the stream ends with it (was another run appended?)");
        }

        var intervals = ReadIntervals(utf8, lines, endIndex < 0 ? lines.Count : endIndex, source);
        if (endIndex >= 0)
        {
            using var end = ParseLine(utf8, lines[endIndex], source);
            return Finished(end.RootElement, intervals, lines[endIndex].Number, source);
        }

        return Rebuild(run, cores, thresholds, intervals, cut);
    }

    private static bool IsEndLine(ReadOnlySpan<byte> line) => line.TrimStart(" \t"u8).StartsWith("{\"end\""u8);

    private static void CheckFormat(JsonElement root, string source)
    {
        var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        if (!string.Equals(format, IntervalLog.Format, StringComparison.Ordinal))
        {
            throw new InvalidInputException(
                $"{source}: line 1: interval stream format '{format}' is not one this version reads (expected {IntervalLog.Format}); use a newer stampede");
        }
    }

    private static List<Threshold> ReadThresholds(JsonElement array)
    {
        var thresholds = new List<Threshold>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"thresholds[{index++}]";
            var errors = new List<string>();
            thresholds.Add(ThresholdParser.TryParse(JsonFields.String(item, "target", at), JsonFields.String(item, "expression", at), errors)
                ?? throw new FormatException($"{at}: {string.Join("; ", errors)}"));
        }

        return thresholds;
    }

    private List<IntervalSnapshot> ReadIntervals(ReadOnlyMemory<byte> utf8, List<Line> lines, int end, string source)
    {
        // An hour is 3,600 independent lines: read them on every core; the error reported is the first in file order.
        var intervals = new IntervalSnapshot[end - 1];
        var failures = new Exception?[intervals.Length];
        Parallel.For(0, intervals.Length, i =>
        {
            var line = lines[i + 1];
            try
            {
                using var document = ParseLine(utf8, line, source);
                intervals[i] = _reader.ReadInterval(document.RootElement, "interval");
            }
            catch (FormatException ex)
            {
                failures[i] = new InvalidInputException($"{source}: line {line.Number}: {ex.Message}", ex);
            }
            catch (InvalidInputException ex)
            {
                failures[i] = ex;
            }
        });
        if (Array.Find(failures, f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return [.. intervals];
    }

    private RunResult Finished(JsonElement root, List<IntervalSnapshot> intervals, int lineNumber, string source)
    {
        const string path = "end";
        try
        {
            var end = JsonFields.Object(root, "end", "");
            return new RunResult
            {
                Run = ResultsReader.ReadRun(JsonFields.Object(end, "run", path), path + ".run"),
                Metrics = _reader.ReadTotals(JsonFields.Object(end, "metrics", path)),
                Series = intervals,
                Accounting = ResultsReader.ReadAccounting(JsonFields.Object(end, "accounting", path), path + ".accounting"),
                Errors = ResultsReader.ReadErrors(JsonFields.Object(end, "errors", path), path + ".errors"),
                Generator = ResultsReader.ReadGenerator(JsonFields.Object(end, "generator", path), path + ".generator"),
                Thresholds = ResultsReader.ReadThresholds(JsonFields.Array(end, "thresholds", path)),
                Changes = JsonFields.Find(end, "changes") is { } changes ? ResultsReader.ReadChanges(changes) : [],
            };
        }
        catch (FormatException ex)
        {
            throw new InvalidInputException($"{source}: line {lineNumber}: {ex.Message}", ex);
        }
    }

    // The run as the collector would have finished it at the end of its last complete interval.
    private static RunResult Rebuild(RunInfo header, int cores, List<Threshold> thresholds, List<IntervalSnapshot> intervals, bool cut)
    {
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        var errors = new Dictionary<ErrorKind, long>();
        var messages = new Dictionary<(ErrorKind Kind, string Message), (long Count, TimeSpan FirstSeen)>();
        MetricAggregate? lag = null;
        long sent = 0, dropped = 0, maxConnections = 0;
        double cpuSum = 0, cpuMax = 0, gcMs = 0;
        foreach (var interval in intervals)
        {
            foreach (var (key, value) in interval.Metrics)
            {
                if (totals.TryGetValue(key, out var total))
                {
                    total.Add(value);
                }
                else
                {
                    totals[key] = value.Clone();
                }
            }

            foreach (var (kind, count) in interval.Errors)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }

            foreach (var message in interval.Messages)
            {
                var key = (message.Kind, message.Message);
                if (messages.TryGetValue(key, out var seen))
                {
                    messages[key] = (seen.Count + message.Count, seen.FirstSeen);
                }
                else if (messages.Count < MaxMessages)
                {
                    messages[key] = (message.Count, message.FirstSeen);
                }
            }

            if (interval.SchedulingLag is { } intervalLag)
            {
                lag ??= new MetricAggregate(BuiltinMetrics.SchedulingLag, TagSet.Empty);
                lag.Add(intervalLag);
            }

            sent += interval.RequestsStarted;
            var generator = interval.Generator;
            dropped += generator.DroppedIterations;
            maxConnections = Math.Max(maxConnections, generator.Connections);
            cpuSum += generator.CpuPercent * interval.Length.TotalSeconds;
            cpuMax = interval.Length >= TimeSpan.FromMilliseconds(500) ? Math.Max(cpuMax, generator.CpuPercent) : cpuMax;
            gcMs += generator.GcPauseMs;
        }

        long requests = 0, failed = 0;
        foreach (var (key, value) in totals)
        {
            if (key.Metric == BuiltinMetrics.HttpReqs.Name)
            {
                requests += value.Count;
            }
            else if (key.Metric == BuiltinMetrics.HttpReqFailed.Name)
            {
                failed += value.Passes;
            }
        }

        var duration = intervals.Count > 0 ? intervals[^1].Offset + intervals[^1].Length : TimeSpan.Zero;
        var warnings = GeneratorWarnings.For(cpuMax, cores, lag, dropped, gcMs, duration);
        warnings.Insert(0, NotFinishedWarning(duration, intervals.Count, cut));
        var result = new RunResult
        {
            Run = header with
            {
                // Exact: the collector stamps each interval's end as start + offset + length.
                Started = intervals.Count > 0 ? intervals[0].Time - intervals[0].Offset - intervals[0].Length : header.Started,
                Duration = duration,
                Outcome = IntervalLog.Incomplete,
            },
            Metrics = [.. totals.Values],
            Series = intervals,
            Errors = new ErrorSummary
            {
                Counts = errors,
                Messages = [.. messages.OrderBy(m => m.Value.FirstSeen).Select(m => new ErrorMessage(m.Key.Kind, m.Key.Message, m.Value.Count, m.Value.FirstSeen))],
            },

            // Requests still unanswered when the stream ended were in flight when the run was killed.
            Accounting = new RequestAccounting(sent, requests - failed, failed, sent - requests),
            Generator = new GeneratorHealth
            {
                SchedulingLag = lag,
                DroppedIterations = dropped,
                CpuPercentMean = duration > TimeSpan.Zero ? cpuSum / duration.TotalSeconds : 0,
                CpuPercentMax = cpuMax,
                GcPauseMs = gcMs,
                MaxConnections = maxConnections,
                Cores = cores,
                Warnings = warnings,
            },
        };
        result.Thresholds = [.. thresholds.Select(t => ThresholdEvaluator.Evaluate(t, result))];
        return result;
    }

    private static string NotFinishedWarning(TimeSpan duration, int intervals, bool cut)
    {
        var text = intervals == 0
            ? "the run did not finish; no complete interval was written (the stream holds only its header)"
            : $"the run did not finish; data up to {Clock(duration)} (the stream's last complete interval; it has no end line)";
        return cut ? text + "; a last line cut off mid-write was ignored" : text;
    }

    // m:ss, or h:mm:ss from an hour: how far into the run the data goes.
    private static string Clock(TimeSpan elapsed)
    {
        var seconds = (long)Math.Floor(elapsed.TotalSeconds);
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }

    private static bool IsJson(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, LineOptions);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static JsonDocument ParseLine(ReadOnlyMemory<byte> utf8, Line line, string source)
    {
        try
        {
            return JsonDocument.Parse(utf8.Slice(line.Start, line.Length), LineOptions);
        }
        catch (JsonException ex)
        {
            var reason = ex.Message;
            var at = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = at > 0 ? reason[..at] : reason;
            throw new InvalidInputException(
                $"{source}: line {line.Number}: not valid JSON at position {ex.BytePositionInLine + 1}: {reason} " +
                "(only the last line of a stream may be cut off, by a killed run; this one is followed by others)", ex);
        }
    }

    // Blank lines are skipped; the last one is incomplete when the text does not end with a newline.
    private static List<Line> SplitLines(ReadOnlySpan<byte> text)
    {
        var lines = new List<Line>();
        var start = 0;
        var number = 1;
        while (start < text.Length)
        {
            var newline = text[start..].IndexOf((byte)'\n');
            var length = newline < 0 ? text.Length - start : newline;
            var content = text.Slice(start, length);
            if (!content.Trim(" \t\r"u8).IsEmpty)
            {
                lines.Add(new Line(start, length, number, Complete: newline >= 0));
            }

            start += length + 1;
            number++;
        }

        return lines;
    }

    private readonly record struct Line(int Start, int Length, int Number, bool Complete);
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stampede.Engine;
using Stampede.Metrics;

namespace Stampede.Results;

/// <summary>
/// Turns a run into the lines of its interval stream (<c>stampede-stream/1</c>, docs/results-format.md): a header,
/// one line per interval in the results file's <c>series</c> shape plus the stream's fields, and an end line. Each
/// line is complete JSON ending in <c>\n</c>; the entries are written by <see cref="ResultsWriter"/>, as the results
/// file's are.
/// </summary>
internal sealed class IntervalLogWriter : IDisposable
{
    private static readonly JsonWriterOptions LineOptions = new()
    {
        Indented = false,

        // As the results file: readable base64 and messages; control characters (a newline) are still escaped,
        // so a line never breaks.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 14);
    private readonly Utf8JsonWriter _json;
    private readonly ResultsWriter _writer;

    /// <summary>Creates a writer that builds one line at a time in memory.</summary>
    public IntervalLogWriter()
    {
        _json = new Utf8JsonWriter(_buffer, LineOptions);
        _writer = new ResultsWriter(_json);
    }

    /// <summary>
    /// What the header says of a run about to start: <see cref="RunInfo"/> with outcome <c>running</c> and no
    /// duration yet. <paramref name="started"/> is close to the start; a reader takes the exact one from the first interval.
    /// </summary>
    public static RunInfo Describe(TestPlan plan, string command, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new RunInfo
        {
            Tool = Collector.ToolName,
            Started = started,
            Duration = TimeSpan.Zero,
            Command = command,
            Machine = Runner.MachineDescription(),
            Insecure = plan.Http.Tls.Insecure,
            Transport = Http.HttpTransportFactory.UsesFast(plan.Http) ? "fast" : "handler",
            Outcome = IntervalLog.Running,
            Interval = plan.Interval,
            Scenarios = [.. plan.Scenarios.Select(s => new ScenarioInfo(s.Name, s.Executor.Name, s.Executor.OpenModel, s.Executor.Describe()))],
        };
    }

    /// <summary>The first line: format, run, the generator's cores and the thresholds to judge a cut-short run by.</summary>
    public byte[] Header(RunInfo run, int cores, IReadOnlyList<Thresholds.Threshold> thresholds)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(thresholds);
        _json.WriteStartObject();
        _json.WriteString("format", IntervalLog.Format);
        _writer.WriteRun(run);
        _json.WriteNumber("cores", cores);
        _json.WriteStartArray("thresholds");
        foreach (var threshold in thresholds)
        {
            _json.WriteStartObject();
            _json.WriteString("target", threshold.Target);
            _json.WriteString("expression", threshold.Expression);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        return Line();
    }

    /// <summary>One interval, read on the caller's thread (the collector compacts its histograms afterwards).</summary>
    public byte[] Interval(IntervalSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _writer.WriteInterval(snapshot, streamFields: true);
        return Line();
    }

    /// <summary>
    /// The last line of a finished run: <c>{"end": {…}}</c> with what the results file holds besides the series
    /// (run, totals, accounting, errors, generator, threshold verdicts). <paramref name="warnings"/> are added to
    /// the generator's (what the output itself has to say, such as intervals it dropped).
    /// </summary>
    public byte[] End(RunResult result, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(warnings);
        var seconds = JsonFields.ToSeconds(result.Run.Duration);
        _json.WriteStartObject();
        _json.WriteStartObject("end");
        _writer.WriteRun(result.Run);
        _json.WritePropertyName("metrics");
        _writer.WriteTotals(result.Metrics, seconds);
        _writer.WriteAccounting(result.Accounting);
        _writer.WriteErrors(result.Errors);
        _writer.WriteGenerator(warnings.Count == 0
            ? result.Generator
            : result.Generator with { Warnings = [.. result.Generator.Warnings, .. warnings] }, seconds);
        _writer.WriteThresholds(result.Thresholds);
        _writer.WriteChanges(result.Changes);
        _json.WriteEndObject();
        _json.WriteEndObject();
        return Line();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _json.Dispose();
    }

    private byte[] Line()
    {
        _json.Flush();
        _buffer.Write("\n"u8);
        var line = _buffer.WrittenSpan.ToArray();
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        return line;
    }
}

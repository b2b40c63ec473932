using System.Globalization;
using System.Text.Json;
using Stampede.Metrics;

namespace Stampede.Results;

/// <summary>
/// Writes a <see cref="RunResult"/> as <c>stampede-results/1</c> JSON. Everything is written in a fixed
/// order (series sorted by key, error kinds by value), so the same result always gives the same bytes.
/// </summary>
internal sealed class ResultsWriter : IDisposable
{
    // Hand the bytes to the stream now and then so a long run is not held in memory twice.
    private const int FlushThresholdBytes = 1 << 20;

    private readonly Utf8JsonWriter _writer;
    private readonly HistogramCodec _codec = new();

    /// <summary>Creates a writer over <paramref name="json"/>; it does not own it.</summary>
    public ResultsWriter(Utf8JsonWriter json)
    {
        _writer = json;
    }

    /// <summary>Writes the whole result.</summary>
    public void Write(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var w = _writer;
        w.WriteStartObject();
        w.WriteString("format", RunResult.Format);
        WriteRun(result.Run);

        w.WritePropertyName("metrics");
        WriteTotals(result.Metrics, JsonFields.ToSeconds(result.Run.Duration));

        w.WriteStartArray("series");
        foreach (var interval in result.Series)
        {
            WriteInterval(interval);
            if (w.BytesPending > FlushThresholdBytes)
            {
                w.Flush();
            }
        }

        w.WriteEndArray();
        WriteChanges(result.Changes);

        WriteAccounting(result.Accounting);
        WriteErrors(result.Errors);
        WriteGenerator(result.Generator, JsonFields.ToSeconds(result.Run.Duration));

        // Derived from the `checks` metric (which the reader reads back): a convenience for people and tools.
        w.WriteStartArray("checks");
        foreach (var check in result.Checks)
        {
            w.WriteStartObject();
            w.WriteString("name", check.Name);
            w.WriteString("scenario", check.Scenario);
            if (check.Group.Length > 0)
            {
                w.WriteString("group", check.Group);
            }

            w.WriteNumber("passes", check.Passes);
            w.WriteNumber("fails", check.Fails);
            w.WriteNumber("rate", check.PassRate);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteThresholds(result.Thresholds);
        w.WriteEndObject();
        w.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _codec.Dispose();

    /// <summary>Writes <c>"accounting": {…}</c>.</summary>
    public void WriteAccounting(RequestAccounting accounting)
    {
        var w = _writer;
        w.WriteStartObject("accounting");
        w.WriteNumber("sent", accounting.Sent);
        w.WriteNumber("succeeded", accounting.Succeeded);
        w.WriteNumber("failed", accounting.Failed);
        w.WriteNumber("inFlightAtStop", accounting.InFlightAtStop);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>"thresholds": […]</c>: each verdict with its target and expression.</summary>
    public void WriteThresholds(IReadOnlyList<Thresholds.ThresholdResult> thresholds)
    {
        var w = _writer;
        w.WriteStartArray("thresholds");
        foreach (var threshold in thresholds)
        {
            w.WriteStartObject();
            w.WriteString("target", threshold.Threshold.Target);
            w.WriteString("expression", threshold.Threshold.Expression);
            w.WriteBoolean("passed", threshold.Passed);
            if (threshold.Observed is { } observed)
            {
                w.WriteNumber("observed", observed);
            }
            else
            {
                w.WriteNull("observed");
            }

            if (threshold.WindowStart is { } windowStart)
            {
                w.WriteNumber("windowStart", JsonFields.ToSeconds(windowStart));
            }

            if (threshold.AbortedAt is { } abortedAt)
            {
                w.WriteNumber("abortedAt", JsonFields.ToSeconds(abortedAt));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>"run": {…}</c>.</summary>
    public void WriteRun(RunInfo run)
    {
        var w = _writer;
        w.WriteStartObject("run");
        w.WriteString("tool", run.Tool);
        w.WriteString("started", run.Started.ToString("O", CultureInfo.InvariantCulture));
        w.WriteNumber("duration", JsonFields.ToSeconds(run.Duration));
        w.WriteString("command", run.Command);
        w.WriteString("machine", run.Machine);
        w.WriteString("gitCommit", run.GitCommit);
        w.WriteBoolean("insecure", run.Insecure);
        if (run.Transport is not null)
        {
            w.WriteString("transport", run.Transport);
        }

        w.WriteString("outcome", run.Outcome);
        w.WriteNumber("interval", JsonFields.ToSeconds(run.Interval));
        w.WriteStartArray("scenarios");
        foreach (var scenario in run.Scenarios)
        {
            w.WriteStartObject();
            w.WriteString("name", scenario.Name);
            w.WriteString("executor", scenario.Executor);
            w.WriteBoolean("openModel", scenario.OpenModel);
            w.WriteString("description", scenario.Description);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    // Each metric's total under its bare name (derived, for k6 tooling), then every series under name{tags}.
    /// <summary>Writes the <c>metrics</c> object of the totals; counter rates are per second of <paramref name="seconds"/>.</summary>
    public void WriteTotals(IReadOnlyList<MetricAggregate> metrics, double seconds)
    {
        var sorted = Sorted(metrics);
        _writer.WriteStartObject();
        var start = 0;
        while (start < sorted.Length)
        {
            var name = sorted[start].Name;
            var end = start;
            var total = new MetricAggregate(sorted[start].Aggregate.Metric, TagSet.Empty);
            while (end < sorted.Length && string.Equals(sorted[end].Name, name, StringComparison.Ordinal))
            {
                total.Add(sorted[end].Aggregate);
                end++;
            }

            _writer.WritePropertyName(name);
            MetricJson.Write(_writer, total, seconds, _codec, explicitTags: false);

            // A lone untagged series is its own total; only beside tagged series does it need "name{}".
            var untaggedOnly = end - start == 1 && sorted[start].Aggregate.Tags.Count == 0;
            for (var i = start; !untaggedOnly && i < end; i++)
            {
                WriteSeries(sorted[i], seconds, "{}");
            }

            start = end;
        }

        _writer.WriteEndObject();
    }

    /// <summary>
    /// Writes one <c>series</c> entry. With <paramref name="streamFields"/>, also what a streamed run needs to be
    /// rebuilt from its intervals alone: <c>requests</c> (sent, cut off), the interval's share of the kept error
    /// <c>messages</c> and its <c>schedulingLag</c> (docs/results-format.md).
    /// </summary>
    public void WriteInterval(IntervalSnapshot interval, bool streamFields = false)
    {
        var w = _writer;
        var seconds = JsonFields.ToSeconds(interval.Length);
        w.WriteStartObject();
        w.WriteNumber("offset", JsonFields.ToSeconds(interval.Offset));
        w.WriteNumber("length", seconds);
        w.WriteString("time", interval.Time.ToString("O", CultureInfo.InvariantCulture));
        w.WriteNumber("vus", interval.Vus);
        w.WriteNumber("vusMax", interval.VusMax);
        if (interval.TargetRate is { } target)
        {
            w.WriteNumber("targetRate", target);
        }

        var generator = interval.Generator;
        w.WriteStartObject("generator");
        w.WriteNumber("cpuPercent", generator.CpuPercent);
        w.WriteNumber("cpuCores", generator.CpuCores);
        w.WriteNumber("gcPauseMs", generator.GcPauseMs);
        w.WriteNumber("connections", generator.Connections);
        w.WriteNumber("schedulingLagP99Ms", generator.SchedulingLagP99Ms);
        w.WriteNumber("droppedIterations", generator.DroppedIterations);
        w.WriteEndObject();

        WriteErrorCounts("errors", interval.Errors);

        w.WriteStartObject("metrics");
        foreach (var series in Sorted(interval.Metrics.Values))
        {
            WriteSeries(series, seconds, "");
        }

        w.WriteEndObject();
        if (streamFields)
        {
            WriteStreamFields(interval);
        }

        w.WriteEndObject();
    }

    private void WriteStreamFields(IntervalSnapshot interval)
    {
        var w = _writer;
        w.WriteStartObject("requests");
        w.WriteNumber("sent", interval.RequestsStarted);
        w.WriteNumber("cutOff", interval.RequestsCutOff);
        w.WriteEndObject();
        if (interval.Messages.Count > 0)
        {
            w.WriteStartArray("messages");
            foreach (var message in interval.Messages)
            {
                w.WriteStartObject();
                w.WriteString("kind", message.Kind.ToName());
                w.WriteString("message", message.Message);
                w.WriteNumber("count", message.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (interval.SchedulingLag is { } lag)
        {
            w.WritePropertyName("schedulingLag");
            MetricJson.Write(w, lag, JsonFields.ToSeconds(interval.Length), _codec, explicitTags: false);
        }
    }

    private void WriteSeries(Keyed series, double seconds, string emptyTags)
    {
        var aggregate = series.Aggregate;
        _writer.WritePropertyName(series.Name + (aggregate.Tags.Count == 0 ? emptyTags : series.Tags));
        MetricJson.Write(_writer, aggregate, seconds, _codec, SeriesKeyText.NeedsExplicitTags(aggregate.Tags));
    }

    /// <summary>Writes <c>"changes": […]</c>; omitted when nobody steered the run, so files of unsteered runs stay as they were.</summary>
    public void WriteChanges(IReadOnlyList<LoadChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var w = _writer;
        w.WriteStartArray("changes");
        foreach (var change in changes)
        {
            w.WriteStartObject();
            w.WriteNumber("at", JsonFields.ToSeconds(change.At));
            w.WriteString("scenario", change.Scenario);
            w.WriteString("setting", change.Setting);
            w.WriteNumber("from", change.From);
            w.WriteNumber("to", change.To);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>"errors": {…}</c>: counts by kind and the distinct messages.</summary>
    public void WriteErrors(ErrorSummary errors)
    {
        var w = _writer;
        w.WriteStartObject("errors");
        WriteErrorCounts("counts", errors.Counts);
        w.WriteStartArray("messages");
        foreach (var message in errors.Messages)
        {
            w.WriteStartObject();
            w.WriteString("kind", message.Kind.ToName());
            w.WriteString("message", message.Message);
            w.WriteNumber("count", message.Count);
            w.WriteNumber("firstSeen", JsonFields.ToSeconds(message.FirstSeen));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteErrorCounts(string name, IReadOnlyDictionary<ErrorKind, long> counts)
    {
        var kinds = counts.Keys.ToArray();
        Array.Sort(kinds);
        _writer.WriteStartObject(name);
        foreach (var kind in kinds)
        {
            _writer.WriteNumber(kind.ToName(), counts[kind]);
        }

        _writer.WriteEndObject();
    }

    /// <summary>Writes <c>"generator": {…}</c>, the generator's health over the run.</summary>
    public void WriteGenerator(GeneratorHealth generator, double seconds)
    {
        var w = _writer;
        w.WriteStartObject("generator");
        w.WritePropertyName("schedulingLag");
        if (generator.SchedulingLag is { } lag)
        {
            MetricJson.Write(w, lag, seconds, _codec, explicitTags: false);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteNumber("droppedIterations", generator.DroppedIterations);
        w.WriteNumber("cpuPercentMean", generator.CpuPercentMean);
        w.WriteNumber("cpuPercentMax", generator.CpuPercentMax);
        w.WriteNumber("gcPauseMs", generator.GcPauseMs);
        w.WriteNumber("maxConnections", generator.MaxConnections);
        w.WriteNumber("cores", generator.Cores);
        w.WriteStartArray("warnings");
        foreach (var warning in generator.Warnings)
        {
            w.WriteStringValue(warning);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static Keyed[] Sorted(IEnumerable<MetricAggregate> metrics)
    {
        var keyed = metrics.Select(m => new Keyed(m.Metric.Name, m.Tags.ToString(), m)).ToArray();
        Array.Sort(keyed, static (x, y) => SeriesKeyText.Compare((x.Name, x.Tags), (y.Name, y.Tags)));
        return keyed;
    }

    private readonly record struct Keyed(string Name, string Tags, MetricAggregate Aggregate);
}

using System.Text.Json;
using Stampede.Metrics;
using Stampede.Thresholds;

namespace Stampede.Results;

/// <summary>
/// Reads <c>stampede-results/1</c> JSON back into a <see cref="RunResult"/>. The bare-name totals under
/// <c>metrics</c> are derived, so series are rebuilt from the <c>name{tags}</c> entries, plus bare entries
/// of metrics that have no tagged entry at all. Problems surface as <see cref="FormatException"/> with a JSON path.
/// </summary>
internal sealed class ResultsReader
{
    // One definition per metric name, so every series of a metric shares it.
    private readonly Dictionary<string, MetricDefinition> _definitions = new(StringComparer.Ordinal);

    /// <summary>Reads a parsed document whose format has been checked.</summary>
    public RunResult Read(JsonElement root)
    {
        var run = ReadRun(JsonFields.Object(root, "run", ""));
        return new RunResult
        {
            Run = run,
            Metrics = ReadTotals(JsonFields.Object(root, "metrics", "")),
            Series = ReadSeries(JsonFields.Array(root, "series", "")),
            Changes = JsonFields.Find(root, "changes") is { } changes ? ReadChanges(changes) : [],
            Accounting = ReadAccounting(JsonFields.Object(root, "accounting", "")),
            Errors = ReadErrors(JsonFields.Object(root, "errors", "")),
            Generator = ReadGenerator(JsonFields.Object(root, "generator", "")),
            Thresholds = JsonFields.Find(root, "thresholds") is { } thresholds ? ReadThresholds(thresholds) : [],
        };
    }

    /// <summary>Reads the <c>thresholds</c> verdicts: each as stored, the threshold parsed again from its target and expression.</summary>
    public static List<ThresholdResult> ReadThresholds(JsonElement thresholds)
    {
        const string path = "thresholds";
        if (thresholds.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{path}: expected an array");
        }

        var results = new List<ThresholdResult>();
        var index = 0;
        foreach (var item in thresholds.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            var target = JsonFields.String(item, "target", at);
            var expression = JsonFields.String(item, "expression", at);
            var errors = new List<string>();
            var threshold = ThresholdParser.TryParse(target, expression, errors)
                ?? throw new FormatException($"{at}: {string.Join("; ", errors)}");
            var observed = JsonFields.DoubleOrNaN(item, "observed", at);
            TimeSpan? windowStart = JsonFields.Find(item, "windowStart") is not null ? JsonFields.Seconds(item, "windowStart", at) : null;
            TimeSpan? abortedAt = JsonFields.Find(item, "abortedAt") is not null ? JsonFields.Seconds(item, "abortedAt", at) : null;
            results.Add(new ThresholdResult(threshold, JsonFields.Bool(item, "passed", at), double.IsNaN(observed) ? null : observed, windowStart)
            {
                AbortedAt = abortedAt,
            });
        }

        return results;
    }

    /// <summary>Reads the <c>changes</c> array.</summary>
    public static List<LoadChange> ReadChanges(JsonElement changes)
    {
        const string path = "changes";
        if (changes.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{path}: expected an array");
        }

        var result = new List<LoadChange>();
        var index = 0;
        foreach (var item in changes.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            var setting = JsonFields.String(item, "setting", at);
            if (setting is not (LoadChange.Vus or LoadChange.SpawnRate or LoadChange.Rate or LoadChange.MaxVus))
            {
                throw new FormatException(
                    $"{at}.setting: unknown setting '{setting}'; expected {LoadChange.Vus}, {LoadChange.SpawnRate}, {LoadChange.Rate} or {LoadChange.MaxVus}");
            }

            result.Add(new LoadChange(
                JsonFields.Seconds(item, "at", at),
                JsonFields.String(item, "scenario", at),
                setting,
                JsonFields.Double(item, "from", at),
                JsonFields.Double(item, "to", at)));
        }

        return result;
    }

    /// <summary>Reads the <c>run</c> object; <paramref name="path"/> names it in errors.</summary>
    public static RunInfo ReadRun(JsonElement run, string path = "run")
    {
        var scenarios = new List<ScenarioInfo>();
        var index = 0;
        foreach (var scenario in JsonFields.Array(run, "scenarios", path).EnumerateArray())
        {
            var at = $"{path}.scenarios[{index++}]";
            scenarios.Add(new ScenarioInfo(
                JsonFields.String(scenario, "name", at),
                JsonFields.String(scenario, "executor", at),
                JsonFields.Bool(scenario, "openModel", at),
                JsonFields.String(scenario, "description", at)));
        }

        return new RunInfo
        {
            Tool = JsonFields.String(run, "tool", path),
            Started = JsonFields.Time(run, "started", path),
            Duration = JsonFields.Seconds(run, "duration", path),
            Command = JsonFields.String(run, "command", path),
            Machine = JsonFields.String(run, "machine", path),
            GitCommit = JsonFields.OptionalString(run, "gitCommit", path),
            Insecure = JsonFields.Bool(run, "insecure", path),
            Transport = JsonFields.OptionalString(run, "transport", path),
            Outcome = JsonFields.String(run, "outcome", path),
            Interval = JsonFields.Seconds(run, "interval", path),
            Scenarios = scenarios,
        };
    }

    /// <summary>Reads the totals' <c>metrics</c> object.</summary>
    public List<MetricAggregate> ReadTotals(JsonElement metrics)
    {
        var series = new List<MetricAggregate>();
        var tagged = new HashSet<string>(StringComparer.Ordinal);
        var untagged = new List<(string Name, JsonElement Entry)>();
        foreach (var property in metrics.EnumerateObject())
        {
            var path = $"metrics[\"{property.Name}\"]";
            if (!property.Name.Contains('{', StringComparison.Ordinal))
            {
                untagged.Add((property.Name, property.Value));
                continue;
            }

            var (name, tags) = SeriesKeyText.Parse(property.Name, property.Value, path);
            tagged.Add(name);
            series.Add(MetricJson.Read(property.Value, Definition(name, property.Value, path), tags, path));
        }

        foreach (var (name, entry) in untagged)
        {
            if (!tagged.Contains(name))
            {
                var path = $"metrics[\"{name}\"]";
                series.Add(MetricJson.Read(entry, Definition(name, entry, path), TagSet.Empty, path));
            }
        }

        // The writer's order, whatever order the file lists them in.
        var keyed = series.Select(s => (s.Metric.Name, Tags: s.Tags.ToString(), Series: s)).ToArray();
        Array.Sort(keyed, static (x, y) => SeriesKeyText.Compare((x.Name, x.Tags), (y.Name, y.Tags)));
        return keyed.Select(k => k.Series).ToList();
    }

    private List<IntervalSnapshot> ReadSeries(JsonElement array)
    {
        // Intervals are independent, and an hour's file holds 3,600 of them, each with dozens of histograms to
        // check: read them on every core. The error reported is the first in file order, as a sequential read's.
        var elements = array.EnumerateArray().ToArray();
        var intervals = new IntervalSnapshot[elements.Length];
        var failures = new Exception?[elements.Length];
        Parallel.For(0, elements.Length, i =>
        {
            try
            {
                intervals[i] = ReadInterval(elements[i], $"series[{i}]");
            }
#pragma warning disable CA1031 // Every failure is kept and the first one rethrown as it was, below.
            catch (Exception ex)
#pragma warning restore CA1031
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

    /// <summary>Reads one <c>series</c> entry, with the stream's fields when present (see <see cref="ResultsWriter.WriteInterval"/>).</summary>
    public IntervalSnapshot ReadInterval(JsonElement interval, string path)
    {
        var generator = JsonFields.Object(interval, "generator", path);
        var generatorPath = path + ".generator";
        var metrics = new Dictionary<SeriesKey, MetricAggregate>();
        foreach (var property in JsonFields.Object(interval, "metrics", path).EnumerateObject())
        {
            var at = $"{path}.metrics[\"{property.Name}\"]";
            var (name, tags) = SeriesKeyText.Parse(property.Name, property.Value, at);
            var aggregate = MetricJson.Read(property.Value, Definition(name, property.Value, at), tags, at);

            // A long run has thousands of intervals: keep their histograms compressed, as the runner does.
            aggregate.Compact();
            if (!metrics.TryAdd(aggregate.Key, aggregate))
            {
                throw new FormatException($"{at}: series listed twice");
            }
        }

        var offset = JsonFields.Seconds(interval, "offset", path);
        var requests = JsonFields.Find(interval, "requests") is not null ? JsonFields.Object(interval, "requests", path) : (JsonElement?)null;
        return new IntervalSnapshot
        {
            Offset = offset,
            Length = JsonFields.Seconds(interval, "length", path),
            Time = JsonFields.Time(interval, "time", path),
            Vus = JsonFields.Int(interval, "vus", path),
            VusMax = JsonFields.Int(interval, "vusMax", path),
            TargetRate = JsonFields.DoubleOrNaN(interval, "targetRate", path) is var target && !double.IsNaN(target) ? target : null,
            Generator = new GeneratorSample(
                JsonFields.Double(generator, "cpuPercent", generatorPath),
                JsonFields.Double(generator, "cpuCores", generatorPath),
                JsonFields.Double(generator, "gcPauseMs", generatorPath),
                JsonFields.Long(generator, "connections", generatorPath),
                JsonFields.Double(generator, "schedulingLagP99Ms", generatorPath),
                JsonFields.Long(generator, "droppedIterations", generatorPath)),
            Errors = ReadErrorCounts(JsonFields.Object(interval, "errors", path), path + ".errors"),
            Metrics = metrics,
            RequestsStarted = requests is { } sent ? JsonFields.Long(sent, "sent", path + ".requests") : 0,
            RequestsCutOff = requests is { } cut ? JsonFields.Long(cut, "cutOff", path + ".requests") : 0,
            SchedulingLag = JsonFields.Find(interval, "schedulingLag") is { } lag
                ? MetricJson.Read(lag, BuiltinMetrics.SchedulingLag, TagSet.Empty, path + ".schedulingLag")
                : null,
            Messages = ReadIntervalMessages(interval, offset, path),
        };
    }

    // The interval's share of the kept messages: first seen at the interval's start, as the collector records them.
    private static List<ErrorMessage> ReadIntervalMessages(JsonElement interval, TimeSpan offset, string path)
    {
        var messages = new List<ErrorMessage>();
        if (JsonFields.Find(interval, "messages") is null)
        {
            return messages;
        }

        var index = 0;
        foreach (var message in JsonFields.Array(interval, "messages", path).EnumerateArray())
        {
            var at = $"{path}.messages[{index++}]";
            messages.Add(new ErrorMessage(
                Kind(JsonFields.String(message, "kind", at), at + ".kind"),
                JsonFields.String(message, "message", at),
                JsonFields.Long(message, "count", at),
                offset));
        }

        return messages;
    }

    /// <summary>Reads the <c>accounting</c> object.</summary>
    public static RequestAccounting ReadAccounting(JsonElement accounting, string path = "accounting")
    {
        return new RequestAccounting(
            JsonFields.Long(accounting, "sent", path),
            JsonFields.Long(accounting, "succeeded", path),
            JsonFields.Long(accounting, "failed", path),
            JsonFields.Long(accounting, "inFlightAtStop", path));
    }

    /// <summary>Reads the <c>errors</c> object.</summary>
    public static ErrorSummary ReadErrors(JsonElement errors, string path = "errors")
    {
        var messages = new List<ErrorMessage>();
        var index = 0;
        foreach (var message in JsonFields.Array(errors, "messages", path).EnumerateArray())
        {
            var at = $"{path}.messages[{index++}]";
            messages.Add(new ErrorMessage(
                Kind(JsonFields.String(message, "kind", at), at + ".kind"),
                JsonFields.String(message, "message", at),
                JsonFields.Long(message, "count", at),
                JsonFields.Seconds(message, "firstSeen", at)));
        }

        return new ErrorSummary
        {
            Counts = ReadErrorCounts(JsonFields.Object(errors, "counts", path), path + ".counts"),
            Messages = messages,
        };
    }

    private static Dictionary<ErrorKind, long> ReadErrorCounts(JsonElement counts, string path)
    {
        var result = new Dictionary<ErrorKind, long>();
        foreach (var property in counts.EnumerateObject())
        {
            var kind = Kind(property.Name, JsonFields.Join(path, property.Name));
            result[kind] = JsonFields.Long(counts, property.Name, path);
        }

        return result;
    }

    /// <summary>Reads the <c>generator</c> object.</summary>
    public static GeneratorHealth ReadGenerator(JsonElement generator, string path = "generator")
    {
        var warnings = new List<string>();
        foreach (var warning in JsonFields.Array(generator, "warnings", path).EnumerateArray())
        {
            warnings.Add(warning.ValueKind == JsonValueKind.String
                ? warning.GetString()!
                : throw new FormatException($"{path}.warnings: expected strings"));
        }

        var lag = JsonFields.Find(generator, "schedulingLag");
        return new GeneratorHealth
        {
            SchedulingLag = lag is { } entry
                ? MetricJson.Read(entry, BuiltinMetrics.SchedulingLag, TagSet.Empty, path + ".schedulingLag")
                : null,
            DroppedIterations = JsonFields.Long(generator, "droppedIterations", path),
            CpuPercentMean = JsonFields.Double(generator, "cpuPercentMean", path),
            CpuPercentMax = JsonFields.Double(generator, "cpuPercentMax", path),
            GcPauseMs = JsonFields.Double(generator, "gcPauseMs", path),
            MaxConnections = JsonFields.Long(generator, "maxConnections", path),
            Cores = JsonFields.Int(generator, "cores", path),
            Warnings = warnings,
        };
    }

    private MetricDefinition Definition(string name, JsonElement entry, string path)
    {
        // Intervals are read in parallel; the totals, read first, have already named nearly every metric.
        lock (_definitions)
        {
            if (!_definitions.TryGetValue(name, out var definition))
            {
                definition = MetricJson.Definition(name, entry, path);
                _definitions[name] = definition;
            }

            return definition;
        }
    }

    private static ErrorKind Kind(string name, string path) =>
        ErrorKinds.TryParse(name, out var kind) ? kind : throw new FormatException($"{path}: unknown error kind '{name}'");
}

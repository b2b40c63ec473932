using System.Security.Cryptography;
using System.Text;
using Stampede.Metrics;
using Stampede.Thresholds;

namespace Stampede.Results;

/// <summary>
/// Merges the results of several generators that ran one test together into one <see cref="RunResult"/>,
/// exactly: counters and rates add up, trend histograms are added bucket by bucket (so percentiles are those
/// of all samples, within HDR precision), the series are aligned by wall-clock time, and thresholds and checks
/// are judged again on the merged data. Documented in docs/merge.md.
/// </summary>
/// <remarks>
/// Gauges describe each generator's state, so across generators they add up: an aligned interval's
/// <c>vus</c> is the sum of every generator's; a gauge's total is the sum of each generator's last value,
/// with min and max taken over the merged intervals. Generator health keeps the worst generator's CPU and
/// GC figures, adds dropped iterations, connections and scheduling lag, and lists every generator's warnings.
/// </remarks>
public static class ResultsMerger
{
    /// <summary>Distinct error messages kept, as the collector of a single run keeps them.</summary>
    public const int MaxMessages = 50;

    /// <summary>Merges <paramref name="parts"/> (named <c>part 1</c>, <c>part 2</c>… in errors).</summary>
    /// <exception cref="InvalidInputException">The parts cannot be merged (see <see cref="Merge(IReadOnlyList{RunResult}, IReadOnlyList{string})"/>).</exception>
    public static RunResult Merge(IReadOnlyList<RunResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return Merge(parts, [.. parts.Select((_, i) => $"part {i + 1}")]);
    }

    /// <summary>Merges <paramref name="parts"/>, named by <paramref name="names"/> (file names) in errors and warnings.</summary>
    /// <exception cref="InvalidInputException">
    /// Fewer than two parts; parts written by different Stampede versions; different interval lengths; a metric
    /// with different types; or the same run given twice.
    /// </exception>
    public static RunResult Merge(IReadOnlyList<RunResult> parts, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != parts.Count)
        {
            throw new ArgumentException($"{names.Count} names for {parts.Count} parts", nameof(names));
        }

        Validate(parts, names);
        var start = parts.Min(p => p.Run.Started);
        var end = parts.Max(p => p.Run.Started + p.Run.Duration);
        var interval = parts[0].Run.Interval;
        var series = MergeSeries(parts, start, interval);
        var result = new RunResult
        {
            Run = MergeRun(parts, start, end - start),
            Metrics = MergeTotals(parts, series),
            Series = series,
            Changes = MergeChanges(parts, start),
            Errors = MergeErrors(parts, start),
            Accounting = new RequestAccounting(
                parts.Sum(p => p.Accounting.Sent),
                parts.Sum(p => p.Accounting.Succeeded),
                parts.Sum(p => p.Accounting.Failed),
                parts.Sum(p => p.Accounting.InFlightAtStop)),
            Generator = MergeGenerator(parts, names),
        };
        result.Thresholds = MergeThresholds(parts, result, start);
        return result;
    }

    private static void Validate(IReadOnlyList<RunResult> parts, IReadOnlyList<string> names)
    {
        if (parts.Count < 2)
        {
            throw new InvalidInputException(
                $"merge needs at least two results, found {parts.Count}; give every generator's results file");
        }

        var first = parts[0].Run;
        var types = new Dictionary<string, (MetricType Type, string Part)>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Count; i++)
        {
            var run = parts[i].Run;
            if (!string.Equals(run.Tool, first.Tool, StringComparison.Ordinal))
            {
                throw new InvalidInputException(
                    $"{names[i]}: written by '{run.Tool}' but {names[0]} by '{first.Tool}'; merge only results of one Stampede version (re-run the generators with the same version)");
            }

            if (run.Interval != first.Interval)
            {
                throw new InvalidInputException(
                    $"{names[i]}: interval {JsonFields.ToSeconds(run.Interval)}s but {names[0]} has {JsonFields.ToSeconds(first.Interval)}s; series can only be aligned when every generator used the same interval (set the same options.interval everywhere)");
            }

            foreach (var aggregate in parts[i].Metrics)
            {
                var name = aggregate.Metric.Name;
                if (types.TryGetValue(name, out var seen) && seen.Type != aggregate.Metric.Type)
                {
                    throw new InvalidInputException(
                        $"{names[i]}: metric '{name}' is a {aggregate.Metric.Type.ToString().ToLowerInvariant()} but a {seen.Type.ToString().ToLowerInvariant()} in {seen.Part}; a metric must have one type in every part");
                }

                types.TryAdd(name, (aggregate.Metric.Type, names[i]));
            }

            // Two identical results are one run given twice: merging it would double every count.
            var text = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ResultsFile.Serialize(parts[i]))));
            if (texts.TryGetValue(text, out var twin))
            {
                throw new InvalidInputException(
                    $"{names[i]}: the same run as {twin} (identical results); give each generator's results once");
            }

            texts.Add(text, names[i]);
        }
    }

    private static RunInfo MergeRun(IReadOnlyList<RunResult> parts, DateTimeOffset start, TimeSpan duration)
    {
        var runs = parts.Select(p => p.Run).ToArray();
        var scenarios = new List<ScenarioInfo>();
        foreach (var scenario in runs.SelectMany(r => r.Scenarios))
        {
            if (!scenarios.Exists(s => string.Equals(s.Name, scenario.Name, StringComparison.Ordinal)))
            {
                scenarios.Add(scenario);
            }
        }

        var commits = runs.Select(r => r.GitCommit).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var transports = runs.Select(r => r.Transport).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return new RunInfo
        {
            Tool = runs[0].Tool,
            Started = start,
            Duration = duration,
            Command = string.Join("\n", runs.Select(r => r.Command)),
            Machine = string.Join("; ", runs.Select(r => r.Machine).Distinct(StringComparer.Ordinal)),
            GitCommit = commits.Length == 0 ? null : string.Join(", ", commits),
            Insecure = runs.Any(r => r.Insecure),
            Transport = transports.Length == 0 ? null : string.Join(",", transports),
            Outcome = runs.Select(r => r.Outcome).MaxBy(OutcomeSeverity)!,
            Scenarios = scenarios,
            Interval = runs[0].Interval,
        };
    }

    // aborted > interrupted > stopped > completed; anything unknown counts as completed.
    private static int OutcomeSeverity(string outcome) => outcome switch
    {
        "aborted" => 3,
        "interrupted" => 2,
        "stopped" => 1,
        _ => 0,
    };

    // Each generator's changes moved onto the merged clock, in time order (a stable sort keeps each part's own order).
    private static List<LoadChange> MergeChanges(IReadOnlyList<RunResult> parts, DateTimeOffset start) =>
    [
        .. parts
            .SelectMany(p => p.Changes.Select(c => c with { At = c.At + (p.Run.Started - start) }))
            .OrderBy(c => c.At),
    ];

    private static List<IntervalSnapshot> MergeSeries(IReadOnlyList<RunResult> parts, DateTimeOffset start, TimeSpan interval)
    {
        var buckets = new SortedDictionary<long, List<IntervalSnapshot>>();
        foreach (var part in parts)
        {
            foreach (var snapshot in part.Series)
            {
                // The nearest bucket of the merged clock: generators start a fraction of an interval apart.
                var from = part.Run.Started + snapshot.Offset - start;
                var index = (long)Math.Round(from.Ticks / (double)interval.Ticks, MidpointRounding.AwayFromZero);
                if (!buckets.TryGetValue(index, out var list))
                {
                    list = [];
                    buckets[index] = list;
                }

                list.Add(snapshot);
            }
        }

        // A bucket no generator covered (one stopped before the next started) stays in the series, empty, so
        // that the series keeps one interval per interval length and windows and charts keep their time scale.
        var merged = new List<IntervalSnapshot>(buckets.Count);
        var expected = buckets.Count == 0 ? 0 : buckets.Keys.First();
        foreach (var (index, snapshots) in buckets)
        {
            for (; expected < index; expected++)
            {
                merged.Add(Empty(start, interval, expected));
            }

            expected = index + 1;
            var metrics = new Dictionary<SeriesKey, MetricAggregate>();
            var errors = new Dictionary<ErrorKind, long>();
            foreach (var snapshot in snapshots)
            {
                foreach (var (key, value) in snapshot.Metrics)
                {
                    if (!metrics.TryGetValue(key, out var sum))
                    {
                        sum = new MetricAggregate(value.Metric, value.Tags);
                        metrics[key] = sum;
                    }

                    AddAcross(sum, value);
                }

                foreach (var (kind, count) in snapshot.Errors)
                {
                    errors[kind] = errors.GetValueOrDefault(kind) + count;
                }
            }

            foreach (var aggregate in metrics.Values)
            {
                aggregate.Compact();
            }

            var offset = interval * index;
            var length = snapshots.Max(s => s.Length);
            merged.Add(new IntervalSnapshot
            {
                Offset = offset,
                Length = length,
                Time = start + offset + length,
                Metrics = metrics,
                Errors = errors,
                Vus = snapshots.Sum(s => s.Vus),
                VusMax = snapshots.Sum(s => s.VusMax),
                TargetRate = snapshots.Any(s => s.TargetRate is not null) ? snapshots.Sum(s => s.TargetRate ?? 0) : null,
                Generator = new GeneratorSample(
                    snapshots.Max(s => s.Generator.CpuPercent),
                    snapshots.Sum(s => s.Generator.CpuCores),
                    snapshots.Sum(s => s.Generator.GcPauseMs),
                    snapshots.Sum(s => s.Generator.Connections),
                    snapshots.Max(s => s.Generator.SchedulingLagP99Ms),
                    snapshots.Sum(s => s.Generator.DroppedIterations)),
            });
        }

        return merged;
    }

    private static IntervalSnapshot Empty(DateTimeOffset start, TimeSpan interval, long index) => new()
    {
        Offset = interval * index,
        Length = interval,
        Time = start + (interval * (index + 1)),
        Metrics = new Dictionary<SeriesKey, MetricAggregate>(),
        Errors = new Dictionary<ErrorKind, long>(),
        Generator = default,
    };

    private static List<MetricAggregate> MergeTotals(IReadOnlyList<RunResult> parts, List<IntervalSnapshot> series)
    {
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        foreach (var aggregate in parts.SelectMany(p => p.Metrics))
        {
            if (!totals.TryGetValue(aggregate.Key, out var sum))
            {
                sum = new MetricAggregate(aggregate.Metric, aggregate.Tags);
                totals[aggregate.Key] = sum;
            }

            AddAcross(sum, aggregate);
        }

        // A gauge's range is what all generators together showed: the extremes of the merged intervals.
        foreach (var total in totals.Values.Where(t => t.Metric.Type == MetricType.Gauge))
        {
            var min = double.NaN;
            var max = double.NaN;
            foreach (var snapshot in series)
            {
                if (snapshot.Metrics.TryGetValue(total.Key, out var value) && !double.IsNaN(value.Min))
                {
                    min = double.IsNaN(min) ? value.Min : Math.Min(min, value.Min);
                    max = double.IsNaN(max) ? value.Max : Math.Max(max, value.Max);
                }
            }

            if (!double.IsNaN(min))
            {
                total.Min = min;
                total.Max = max;
            }
        }

        var keyed = totals.Values.Select(t => (t.Metric.Name, Tags: t.Tags.ToString(), Series: t)).ToArray();
        Array.Sort(keyed, static (x, y) => SeriesKeyText.Compare((x.Name, x.Tags), (y.Name, y.Tags)));
        return [.. keyed.Select(k => k.Series)];
    }

    // One generator's aggregate into the sum over generators: gauges add up (every generator holds its own VUs,
    // connections…); everything else adds as it does over time.
    private static void AddAcross(MetricAggregate sum, MetricAggregate other)
    {
        if (sum.Metric.Type != MetricType.Gauge)
        {
            sum.Add(other);
            return;
        }

        if (double.IsNaN(other.Min))
        {
            return;
        }

        sum.Value += other.Value;
        sum.Min = double.IsNaN(sum.Min) ? other.Min : sum.Min + other.Min;
        sum.Max = double.IsNaN(sum.Max) ? other.Max : sum.Max + other.Max;
    }

    private static ErrorSummary MergeErrors(IReadOnlyList<RunResult> parts, DateTimeOffset start)
    {
        var counts = new Dictionary<ErrorKind, long>();
        var messages = new Dictionary<(ErrorKind Kind, string Message), (long Count, TimeSpan FirstSeen)>();
        foreach (var part in parts)
        {
            foreach (var (kind, count) in part.Errors.Counts)
            {
                counts[kind] = counts.GetValueOrDefault(kind) + count;
            }

            var shift = part.Run.Started - start;
            foreach (var message in part.Errors.Messages)
            {
                var key = (message.Kind, message.Message);
                var firstSeen = message.FirstSeen + shift;
                messages[key] = messages.TryGetValue(key, out var seen)
                    ? (seen.Count + message.Count, firstSeen < seen.FirstSeen ? firstSeen : seen.FirstSeen)
                    : (message.Count, firstSeen);
            }
        }

        return new ErrorSummary
        {
            Counts = counts,
            Messages = [.. messages
                .OrderBy(m => m.Value.FirstSeen)
                .ThenBy(m => m.Key.Kind)
                .ThenBy(m => m.Key.Message, StringComparer.Ordinal)
                .Take(MaxMessages)
                .Select(m => new ErrorMessage(m.Key.Kind, m.Key.Message, m.Value.Count, m.Value.FirstSeen))],
        };
    }

    private static GeneratorHealth MergeGenerator(IReadOnlyList<RunResult> parts, IReadOnlyList<string> names)
    {
        MetricAggregate? lag = null;
        var warnings = new List<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            var health = parts[i].Generator;
            if (health.SchedulingLag is { } partLag)
            {
                lag ??= new MetricAggregate(partLag.Metric, partLag.Tags);
                lag.Add(partLag);
            }

            warnings.AddRange(health.Warnings.Select(w => $"{names[i]}: {w}"));
        }

        var healths = parts.Select(p => p.Generator).ToArray();
        return new GeneratorHealth
        {
            SchedulingLag = lag,
            DroppedIterations = healths.Sum(h => h.DroppedIterations),
            CpuPercentMean = healths.Max(h => h.CpuPercentMean),
            CpuPercentMax = healths.Max(h => h.CpuPercentMax),
            GcPauseMs = healths.Max(h => h.GcPauseMs),
            MaxConnections = healths.Sum(h => h.MaxConnections),
            Cores = healths.Min(h => h.Cores),
            Warnings = warnings,
        };
    }

    // The union of the parts' thresholds (as written: target + expression), judged on the merged data. A threshold
    // that stopped a generator keeps when it did, on the merged clock (the earliest, when several did).
    private static List<ThresholdResult> MergeThresholds(IReadOnlyList<RunResult> parts, RunResult merged, DateTimeOffset start)
    {
        var order = new List<(string Target, string Expression)>();
        var definitions = new Dictionary<(string Target, string Expression), (Threshold Threshold, TimeSpan? AbortedAt)>();
        foreach (var part in parts)
        {
            foreach (var verdict in part.Thresholds)
            {
                var key = (verdict.Threshold.Target, verdict.Threshold.Expression);
                TimeSpan? abortedAt = verdict.AbortedAt is { } at ? at + (part.Run.Started - start) : null;
                if (definitions.TryGetValue(key, out var seen))
                {
                    if (abortedAt is { } a && (seen.AbortedAt is null || a < seen.AbortedAt))
                    {
                        definitions[key] = seen with { AbortedAt = a };
                    }
                }
                else
                {
                    order.Add(key);
                    definitions[key] = (verdict.Threshold, abortedAt);
                }
            }
        }

        return [.. order.Select(key =>
        {
            var (threshold, abortedAt) = definitions[key];
            return ThresholdEvaluator.Evaluate(threshold, merged) with { AbortedAt = abortedAt };
        })];
    }
}

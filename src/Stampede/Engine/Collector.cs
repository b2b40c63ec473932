using System.Reflection;
using Stampede.Engine.Executors;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Engine;

/// <summary>
/// Once per interval: swaps the recorder's shards, builds the <see cref="IntervalSnapshot"/>, adds it to
/// the run's totals and hands it to the sinks. At the end, builds the <see cref="RunResult"/>; in between,
/// <see cref="Snapshot(string)"/> builds the run so far for any thread.
/// </summary>
/// <remarks>
/// The run's state (totals, series, errors, counters) changes only on the collector's thread, under <c>_gate</c>;
/// a snapshot copies it under the same lock. Sinks are called outside it, so a sink may take a snapshot.
/// </remarks>
internal sealed class Collector
{
    private const int MaxMessages = 50;

    private readonly TestPlan _plan;
    private readonly MetricsRecorder _recorder;
    private readonly IHttpTransportFactory _transports;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<ISink> _sinks;
    private readonly Func<RunProgress> _progress;
    private readonly Dictionary<SeriesKey, MetricAggregate> _totals = [];
    private readonly List<IntervalSnapshot> _series = [];
    private readonly Dictionary<ErrorKind, long> _errors = [];
    private readonly Dictionary<(ErrorKind Kind, string Message), (long Count, TimeSpan FirstSeen)> _messages = [];
    private readonly List<string> _warnings = [];
    private readonly Lock _gate = new();
    private readonly LoadChangeLog _changes;
    private MetricAggregate? _schedulingLag;
    private long _stoppedAt = long.MaxValue;
    private long _start;
    private long _lastTick;
    private DateTimeOffset _wallStart;
    private double _lastCpu;
    private TimeSpan _lastGcPause;
    private long _sent;
    private long _interrupted;
    private long _dropped;
    private long _maxConnections;
    private double _cpuSum;
    private double _cpuMax;
    private readonly Thresholds.Threshold[] _abortOn;
    private readonly Thresholds.LiveThresholds _live;
    private readonly (TimeSpan StartTime, Profiles.LoadCurve Curve, RateControl? Control)[] _openCurves;

    public Collector(TestPlan plan, MetricsRecorder recorder, IHttpTransportFactory transports, TimeProvider time,
        IReadOnlyList<ISink> sinks, Func<RunProgress> progress, LoadChangeLog changes,
        IReadOnlyDictionary<string, RateControl> rateControls)
    {
        _changes = changes;
        _plan = plan;
        _recorder = recorder;
        _transports = transports;
        _time = time;
        _sinks = sinks;
        _progress = progress;
        _abortOn = [.. plan.Thresholds.Where(t => t.AbortOnFail)];
        _live = new Thresholds.LiveThresholds(plan.Thresholds);
        _openCurves = [.. plan.Scenarios
            .Select(s => (s.Executor.StartTime, Curve: Profiles.LoadCurve.Of(s.Executor), Control: rateControls.GetValueOrDefault(s.Name)))
            .Where(c => c.Curve is { OpenModel: true })
            .Select(c => (c.StartTime, c.Curve!, c.Control))];
    }

    /// <summary>Called once when an <c>abortOnFail</c> threshold is crossed during the run.</summary>
    public Action? OnAbort { get; set; }

    /// <summary>The threshold that aborted the run, with the value that crossed it; null when none did.</summary>
    public Thresholds.ThresholdResult? AbortedBy { get; private set; }

    public void Start()
    {
        _start = _lastTick = _time.GetTimestamp();
        _wallStart = _time.GetUtcNow();
        _lastCpu = Runner.CpuSeconds();
        _lastGcPause = GC.GetTotalPauseDuration();
        _changes.Begin(_start);
    }

    /// <summary>The run was stopped now (<see cref="Runner.Stop"/>): from here on the arrival-rate scenarios aim for nothing.</summary>
    public void MarkStopped() => Interlocked.CompareExchange(ref _stoppedAt, _time.GetTimestamp(), long.MaxValue);

    public void AddWarning(string warning)
    {
        lock (_warnings)
        {
            if (!_warnings.Contains(warning))
            {
                _warnings.Add(warning);
            }
        }
    }

    /// <summary>Ticks every interval until <paramref name="until"/> completes, then collects the last partial interval.</summary>
    public async Task RunAsync(Task until)
    {
        using var timer = new PeriodicTimer(_plan.Interval, _time);
        while (!until.IsCompleted)
        {
            var tick = timer.WaitForNextTickAsync().AsTask();
            if (await Task.WhenAny(tick, until).ConfigureAwait(false) == until)
            {
                break;
            }

            Tick(final: false);
        }

        Tick(final: true);
    }

    /// <summary>What the arrival-rate scenarios aim for at <paramref name="elapsed"/>; null when there are none.</summary>
    private double? TargetRate(TimeSpan elapsed)
    {
        double? rate = null;
        var stopped = Volatile.Read(ref _stoppedAt);
        var afterStop = stopped != long.MaxValue && elapsed >= _time.GetElapsedTime(_start, stopped);
        foreach (var (startTime, curve, control) in _openCurves)
        {
            if (afterStop)
            {
                rate = 0;
                continue;
            }

            // A steered scenario aims for its control's rate while it runs; the plan's curve says when that is.
            var since = elapsed - startTime;
            rate = (rate ?? 0) + (control is null ? curve.At(since)
                : since >= TimeSpan.Zero && since <= curve.Duration ? control.Rate : 0);
        }

        return rate;
    }

    private void Tick(bool final)
    {
        IntervalSnapshot snapshot;
        RunProgress progress;
        IReadOnlyDictionary<SeriesKey, MetricAggregate> collected;
        lock (_gate)
        {
            (snapshot, progress) = Collect(final);
            collected = snapshot.Metrics;
        }

        foreach (var sink in _sinks)
        {
            try
            {
                sink.OnInterval(snapshot, progress);
            }
#pragma warning disable CA1031 // A sink never stops a run; its failure is reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AddWarning($"output {sink.GetType().Name} failed: {ex.Message}");
            }
        }

        // The sinks have seen it; from now on the interval is kept compressed (see MetricAggregate.Compact). Under the
        // lock, so that a snapshot never copies an interval while it is being compacted.
        lock (_gate)
        {
            foreach (var aggregate in collected.Values)
            {
                aggregate.Compact();
            }

            snapshot.SchedulingLag?.Compact();
        }
    }

    private (IntervalSnapshot Snapshot, RunProgress Progress) Collect(bool final)
    {
        var now = _time.GetTimestamp();
        var length = _time.GetElapsedTime(_lastTick, now);
        var offset = _time.GetElapsedTime(_start, _lastTick);
        _lastTick = now;
        var collected = _recorder.Collect();
        var progress = _progress() with { Elapsed = _time.GetElapsedTime(_start, now) };

        var cpu = Runner.CpuSeconds();
        var gcPause = GC.GetTotalPauseDuration();
        var seconds = Math.Max(length.TotalSeconds, 1e-6);
        var cores = (cpu - _lastCpu) / seconds;
        var cpuPercent = 100 * cores / Environment.ProcessorCount;
        var gcMs = (gcPause - _lastGcPause).TotalMilliseconds;
        _lastCpu = cpu;
        _lastGcPause = gcPause;
        var connections = _transports.OpenConnections;
        _maxConnections = Math.Max(_maxConnections, connections);
        _cpuSum += cpuPercent * length.TotalSeconds;
        _cpuMax = length >= TimeSpan.FromMilliseconds(500) ? Math.Max(_cpuMax, cpuPercent) : _cpuMax;

        collected.Series(BuiltinMetrics.Vus, TagSet.Empty).SetGauge(progress.Vus);
        collected.Series(BuiltinMetrics.VusMax, TagSet.Empty).SetGauge(progress.VusMax);
        foreach (var (key, value) in collected.Metrics)
        {
            if (_totals.TryGetValue(key, out var total))
            {
                total.Add(value);
            }
            else
            {
                _totals[key] = value.Clone();
            }
        }

        foreach (var (kind, count) in collected.Errors)
        {
            _errors[kind] = _errors.GetValueOrDefault(kind) + count;
        }

        // The interval keeps its share of the run's kept messages, in the order the run first saw them, so a
        // streamed run can be rebuilt with the same messages and counts.
        List<ErrorMessage>? messages = null;
        foreach (var (message, count) in collected.Messages)
        {
            if (_messages.TryGetValue(message, out var seen))
            {
                _messages[message] = (seen.Count + count, seen.FirstSeen);
            }
            else if (_messages.Count < MaxMessages)
            {
                _messages[message] = (count, offset);
            }
            else
            {
                continue;
            }

            (messages ??= []).Add(new ErrorMessage(message.Kind, message.Message, count, offset));
        }

        if (collected.SchedulingLag is { } lag)
        {
            _schedulingLag ??= new MetricAggregate(BuiltinMetrics.SchedulingLag, TagSet.Empty);
            _schedulingLag.Add(lag);
        }

        _sent += collected.RequestsStarted;
        _interrupted += collected.RequestsInterrupted;
        _dropped += collected.Dropped;

        var snapshot = new IntervalSnapshot
        {
            Offset = offset,
            Length = length,
            Time = _wallStart + offset + length,
            Metrics = collected.Metrics,
            Errors = collected.Errors,
            Vus = progress.Vus,
            VusMax = progress.VusMax,
            TargetRate = TargetRate(offset + length),
            Generator = new GeneratorSample(cpuPercent, cores, gcMs, connections,
                collected.SchedulingLag is { } l ? l.Percentile(99) / 1000.0 : 0, collected.Dropped),
            RequestsStarted = collected.RequestsStarted,
            RequestsCutOff = collected.RequestsInterrupted,
            SchedulingLag = collected.SchedulingLag,
            Messages = messages is null ? [] : messages,
        };
        _series.Add(snapshot);
        if (_plan.Thresholds.Count > 0)
        {
            // Every threshold is judged live, the last partial interval included; abortOnFail ones may stop the run here.
            _live.Update(_totals.Values, snapshot, offset + length);
            if (!final)
            {
                CheckAbortThresholds(offset + length);
            }

            progress = progress with { Thresholds = _live.Current };
        }

        return (snapshot, progress);
    }

    // abortOnFail thresholds act on their latest verdict (the run so far, or the latest complete window); the
    // first one crossed after its delayAbortEval stops the run.
    private void CheckAbortThresholds(TimeSpan elapsed)
    {
        if (AbortedBy is not null)
        {
            return;
        }

        foreach (var threshold in _abortOn)
        {
            if (elapsed < threshold.DelayAbortEval)
            {
                continue;
            }

            if (_live.Latest(threshold) is { Passed: false } crossed)
            {
                AbortedBy = crossed with { AbortedAt = elapsed };
                AddWarning($"aborted at {Durations.Format(elapsed)}: threshold `{threshold.Source}` crossed (observed {crossed.Observed:0.###})");
                OnAbort?.Invoke();
                return;
            }
        }
    }

    public RunResult Finish(string command, string outcome, IReadOnlyList<ExecutorRuntime> executors)
    {
        _changes.End();
        RunResult result;
        lock (_gate)
        {
            var requests = RequestsCompleted(_totals.Values, out _);
            var unfinished = _sent - requests - _interrupted;
            if (unfinished != 0)
            {
                AddWarning($"{unfinished} requests were started but neither completed nor cut off by the stop ({_interrupted} were cut off); they are counted as in flight at stop");
            }

            result = Build(command, outcome, [.. executors.Select(e => e.Scenario.Scenario)], [.. _totals.Values], _series);
        }

        foreach (var sink in _sinks)
        {
            try
            {
                sink.OnCompleted(result);
            }
#pragma warning disable CA1031 // A sink never stops a run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AddWarning($"output {sink.GetType().Name} failed at the end: {ex.Message}");
            }
        }

        return result;
    }

    /// <summary>
    /// The run so far as a result with outcome <c>running</c>: compacted copies of the totals and of the intervals
    /// collected (sharing their compressed counts, so a report reading them decodes into the copies, not into the
    /// run's own intervals), and everything else as of the latest interval.
    /// </summary>
    public RunResult Snapshot(string command) => Snapshot(command, 0).Result;

    /// <summary>
    /// The run so far with only the intervals from <paramref name="from"/> on (at least the latest), for a live view
    /// that polls: copying an hour of intervals every second would cost the generator more than the view is worth.
    /// </summary>
    /// <returns>The result, the index of its first interval in the run, and how many intervals the run has.</returns>
    public (RunResult Result, int First, int Count) Snapshot(string command, int from)
    {
        lock (_gate)
        {
            var totals = new List<MetricAggregate>(_totals.Count);
            foreach (var total in _totals.Values)
            {
                totals.Add(total.ShareCompacted());
            }

            var count = _series.Count;
            var first = Math.Clamp(from, 0, Math.Max(count - 1, 0));
            var series = new List<IntervalSnapshot>(count - first);
            for (var i = first; i < count; i++)
            {
                series.Add(CopyOf(_series[i]));
            }

            return (Build(command, "running", _plan.Scenarios, totals, series), first, count);
        }
    }

    private static IntervalSnapshot CopyOf(IntervalSnapshot interval)
    {
        var metrics = new Dictionary<SeriesKey, MetricAggregate>(interval.Metrics.Count);
        foreach (var (key, value) in interval.Metrics)
        {
            metrics[key] = value.ShareCompacted();
        }

        return new IntervalSnapshot
        {
            Offset = interval.Offset,
            Length = interval.Length,
            Time = interval.Time,
            Metrics = metrics,
            Errors = new Dictionary<ErrorKind, long>(interval.Errors),
            Generator = interval.Generator,
            Vus = interval.Vus,
            VusMax = interval.VusMax,
            TargetRate = interval.TargetRate,
            RequestsStarted = interval.RequestsStarted,
            RequestsCutOff = interval.RequestsCutOff,
            SchedulingLag = interval.SchedulingLag?.ShareCompacted(),
            Messages = interval.Messages,
        };
    }

    private static long RequestsCompleted(IEnumerable<MetricAggregate> totals, out long failed)
    {
        long requests = 0;
        failed = 0;
        foreach (var value in totals)
        {
            if (value.Metric.Name == BuiltinMetrics.HttpReqs.Name)
            {
                requests += value.Count;
            }
            else if (value.Metric.Name == BuiltinMetrics.HttpReqFailed.Name)
            {
                failed += value.Passes;
            }
        }

        return requests;
    }

    // The result from the state as of the last interval; the caller holds _gate.
    private RunResult Build(string command, string outcome, IReadOnlyList<Scenario> scenarios,
        List<MetricAggregate> totals, List<IntervalSnapshot> series)
    {
        var duration = _time.GetElapsedTime(_start, _lastTick);
        var requests = RequestsCompleted(totals, out var failed);
        var result = new RunResult
        {
            Run = new RunInfo
            {
                Tool = ToolName,
                Started = _wallStart,
                Duration = duration,
                Command = command,
                Machine = Runner.MachineDescription(),
                Insecure = _plan.Http.Tls.Insecure,
                Transport = Http.HttpTransportFactory.UsesFast(_plan.Http) ? "fast" : "handler",
                Outcome = outcome,
                Interval = _plan.Interval,
                Scenarios = [.. scenarios.Select(s => new ScenarioInfo(s.Name, s.Executor.Name, s.Executor.OpenModel, s.Executor.Describe()))],
            },
            Metrics = totals,
            Series = series,
            Changes = _changes.ToArray(),
            Errors = new ErrorSummary
            {
                Counts = new Dictionary<ErrorKind, long>(_errors),
                Messages = [.. _messages.OrderBy(m => m.Value.FirstSeen).Select(m =>
                    new ErrorMessage(m.Key.Kind, m.Key.Message, m.Value.Count, m.Value.FirstSeen))],
            },
            Accounting = new RequestAccounting(_sent, requests - failed, failed, _sent - requests),
            Generator = new GeneratorHealth
            {
                SchedulingLag = _schedulingLag?.Clone(),
                DroppedIterations = _dropped,
                CpuPercentMean = duration > TimeSpan.Zero ? _cpuSum / duration.TotalSeconds : 0,
                CpuPercentMax = _cpuMax,
                GcPauseMs = _series.Sum(s => s.Generator.GcPauseMs),
                MaxConnections = _maxConnections,
                Warnings = SaturationWarnings(duration),
            },
        };

        // The threshold that aborted the run is reported as it was when it did, whatever the rest of the run brought.
        result.Thresholds = [.. _plan.Thresholds.Select(t => ReferenceEquals(t, AbortedBy?.Threshold)
            ? AbortedBy : Thresholds.ThresholdEvaluator.Evaluate(t, result))];
        return result;
    }

    private List<string> SaturationWarnings(TimeSpan duration)
    {
        var warnings = GeneratorWarnings.For(_cpuMax, Environment.ProcessorCount, _schedulingLag, _dropped,
            _series.Sum(s => s.Generator.GcPauseMs), duration);
        lock (_warnings)
        {
            warnings.AddRange(_warnings);
        }

        return warnings;
    }

    internal static string ToolName { get; } = "stampede " +
        (typeof(Collector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
}

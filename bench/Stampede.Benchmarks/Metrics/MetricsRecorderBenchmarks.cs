using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Stampede.Metrics;

namespace Stampede.Benchmarks.Metrics;

/// <summary>
/// The recording hot path: what every request and iteration pays in <see cref="MetricsRecorder"/>.
/// The goal is 0 B allocated per call once every series has been seen in both shard buffers.
/// </summary>
[MemoryDiagnoser]
public class MetricsRecorderBenchmarks
{
    private const int SeriesCount = 8;

    private readonly Sample[] _samples = new Sample[SeriesCount];
    private MetricsRecorder _recorder = null!;
    private Sample _one;
    private Sample _failed;
    private int _next;
    private int _scenario;
    private long _iterationStart;
    private long _iterationEnd;

    [GlobalSetup]
    public void Setup()
    {
        _recorder = new MetricsRecorder();
        _scenario = _recorder.Tags.Intern(TagSet.Of(("scenario", "default")));
        var start = Stopwatch.GetTimestamp();
        var millisecond = Stopwatch.Frequency / 1000;
        for (var i = 0; i < SeriesCount; i++)
        {
            var id = _recorder.Tags.Intern(TagSet.Of(("scenario", "default"), ("name", "/page/" + i), ("method", "GET")));

            // Realistic, distinct durations so the round-robin touches different histogram buckets.
            var phases = new RequestPhases(0, 0, millisecond / 50, millisecond * (i + 1) / 2, millisecond / 20);
            _samples[i] = new Sample(id, start, start, start + millisecond * (i + 1), 200, ErrorKind.None, 120, 250, phases);
        }

        _one = _samples[0];
        _failed = new Sample(_samples[1].SeriesId, start, start, start + millisecond, 0, ErrorKind.ConnectionRefused, 0, 0, default);
        _iterationStart = start;
        _iterationEnd = start + millisecond * 3;

        // Both shard buffers must know every series before measuring: the first sample of a series in a
        // buffer creates its histograms, which is a one-off cost, not the steady state.
        for (var round = 0; round < 2; round++)
        {
            foreach (var sample in _samples)
            {
                _recorder.Record(in sample);
            }

            _recorder.Record(in _failed, "connection refused");
            _recorder.RequestStarted();
            _recorder.RecordIteration(_scenario, _iterationStart, _iterationEnd, interrupted: false);
            _recorder.Collect();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _recorder.Dispose();

    [Benchmark(Baseline = true)]
    public void Record_OneSeries() => _recorder.Record(in _one);

    [Benchmark]
    public void Record_EightSeriesRoundRobin()
    {
        var i = _next;
        _next = (i + 1) & (SeriesCount - 1);
        _recorder.Record(in _samples[i]);
    }

    [Benchmark]
    public void Record_FailedWithMessage() => _recorder.Record(in _failed, "connection refused");

    [Benchmark]
    public void RequestStarted() => _recorder.RequestStarted();

    [Benchmark]
    public void RecordIteration() => _recorder.RecordIteration(_scenario, _iterationStart, _iterationEnd, interrupted: false);

    /// <summary>One interval's work for the collector: a sample in each of 8 series, then a merge.</summary>
    [Benchmark]
    public CollectedInterval Collect_EightSeries()
    {
        foreach (ref readonly var sample in _samples.AsSpan())
        {
            _recorder.Record(in sample);
        }

        return _recorder.Collect();
    }

    /// <summary>
    /// The collector's real cycle: collect, then compact the interval as the runner does once the sinks
    /// have seen it, which returns the histogram counts to the pool for the next interval.
    /// </summary>
    [Benchmark]
    public int Collect_EightSeries_ThenCompact()
    {
        foreach (ref readonly var sample in _samples.AsSpan())
        {
            _recorder.Record(in sample);
        }

        var interval = _recorder.Collect();
        foreach (var aggregate in interval.Metrics.Values)
        {
            aggregate.Compact();
        }

        return interval.Metrics.Count;
    }
}

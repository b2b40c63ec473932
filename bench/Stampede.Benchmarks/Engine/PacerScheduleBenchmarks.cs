using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Stampede.Engine;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// What the arrival-rate pacer pays per release to know when the next iteration is due: the fixed schedule
/// (ramping-arrival-rate) against a <see cref="RateControl"/>'s segments (constant-arrival-rate, steerable), both
/// for a run that was never steered and for one whose rate changed 100 times. The goal is 0 B and a few ns per release.
/// </summary>
[MemoryDiagnoser]
public class PacerScheduleBenchmarks
{
    private const int Releases = 1000;

    private ArrivalSchedule _schedule = null!;
    private RateControl.Segment _steady = null!;
    private RateControl.Segment _steered = null!;
    private long _frequency;

    [GlobalSetup]
    public void Setup()
    {
        _schedule = new ArrivalSchedule(1000, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        _frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        _steady = new RateControl.Segment(start, 0, 1000, null) { Begun = true };

        // 100 changes, 1 s apart, each to a new rate: the releases below fall in the newest one.
        var segment = _steady;
        var count = 0.0;
        for (var i = 1; i <= 100; i++)
        {
            count += segment.Rate;
            segment = new RateControl.Segment(start + (i * _frequency), count, 1000 + i, segment);
        }

        _steered = segment;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Releases)]
    public long FixedSchedule()
    {
        long sum = 0;
        for (long n = 0; n < Releases; n++)
        {
            _schedule.TryGetOffset(n, out var offset);
            sum += offset.Ticks;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Releases)]
    public long ControlledNeverSteered()
    {
        long sum = 0;
        for (long n = 0; n < Releases; n++)
        {
            _steady.TryGetDue(n, _frequency, out var due);
            sum += due;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Releases)]
    public long ControlledAfterChanges()
    {
        long sum = 0;
        var first = (long)Math.Ceiling(_steered.Count);
        for (var n = first; n < first + Releases; n++)
        {
            _steered.TryGetDue(n, _frequency, out var due);
            sum += due;
        }

        return sum;
    }
}

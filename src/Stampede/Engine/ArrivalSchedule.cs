namespace Stampede.Engine;

/// <summary>
/// When each iteration of an arrival-rate executor is due: iteration <c>n</c> (from 0) starts at the
/// time <c>t</c> where the integral of the rate from 0 to <c>t</c> equals <c>n</c>. The rate is
/// piecewise linear through stages, so each start time is the root of a quadratic. Pure and
/// allocation-free after construction; ask for increasing <c>n</c>.
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly double[] _startRate;   // per second, at each segment's start
    private readonly double[] _endRate;
    private readonly double[] _seconds;
    private readonly double[] _before;      // iterations due before each segment
    private readonly double _total;
    private int _segment;

    /// <summary>A constant rate.</summary>
    public ArrivalSchedule(double rate, TimeSpan timeUnit, TimeSpan duration)
        : this(rate, timeUnit, [new Stage(duration, rate)])
    {
    }

    /// <summary>A rate starting at <paramref name="startRate"/> and ramping through <paramref name="stages"/>.</summary>
    public ArrivalSchedule(double startRate, TimeSpan timeUnit, IReadOnlyList<Stage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var n = stages.Count;
        _startRate = new double[n];
        _endRate = new double[n];
        _seconds = new double[n];
        _before = new double[n];
        var perSecond = 1.0 / timeUnit.TotalSeconds;
        var rate = startRate * perSecond;
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            _startRate[i] = rate;
            _endRate[i] = stages[i].Target * perSecond;
            _seconds[i] = stages[i].Duration.TotalSeconds;
            _before[i] = total;
            total += (_startRate[i] + _endRate[i]) / 2 * _seconds[i];
            rate = _endRate[i];
        }

        _total = total;
        Duration = TimeSpan.FromSeconds(_seconds.Sum());
    }

    /// <summary>Total length of the schedule.</summary>
    public TimeSpan Duration { get; }

    /// <summary>How many iterations the whole schedule starts (the integral of the rate, rounded down, plus the one at 0).</summary>
    public long TotalIterations => _total <= 0 ? 0 : (long)Math.Ceiling(_total - 1e-9);

    /// <summary>The offset from the start at which iteration <paramref name="n"/> is due, or false when it falls after the end.</summary>
    public bool TryGetOffset(long n, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (n < 0 || n >= TotalIterations)
        {
            return false;
        }

        while (_segment < _seconds.Length - 1 && n >= _before[_segment + 1])
        {
            _segment++;
        }

        while (_segment > 0 && n < _before[_segment])
        {
            _segment--;
        }

        var start = 0.0;
        for (var i = 0; i < _segment; i++)
        {
            start += _seconds[i];
        }

        var need = n - _before[_segment];
        var r0 = _startRate[_segment];
        var slope = _seconds[_segment] > 0 ? (_endRate[_segment] - r0) / _seconds[_segment] : 0;
        double t;
        if (need <= 0)
        {
            // Due at the segment's start; from a rate of 0 the root formula below would be 0 / 0.
            t = 0;
        }
        else if (Math.Abs(slope) < 1e-12)
        {
            t = r0 > 0 ? need / r0 : 0;
        }
        else
        {
            // need = r0 t + slope t² / 2; the numerically stable root for t ≥ 0.
            var discriminant = Math.Max(0, (r0 * r0) + (2 * slope * need));
            t = 2 * need / (r0 + Math.Sqrt(discriminant));
        }

        offset = TimeSpan.FromSeconds(start + Math.Min(t, _seconds[_segment]));
        return true;
    }
}

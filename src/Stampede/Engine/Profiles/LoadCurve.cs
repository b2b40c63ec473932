namespace Stampede.Engine.Profiles;

/// <summary>
/// What an executor aims for over time, as a polyline: VUs for the closed-model executors, iterations per
/// second for the arrival-rate ones (whatever their time unit). Between points the target moves linearly;
/// two points at one time are a jump. Pictures of a shape and the rate a breakpoint run reached are both
/// read from it, so they cannot drift from the executor.
/// </summary>
public sealed class LoadCurve
{
    private LoadCurve(bool openModel, IReadOnlyList<LoadPoint> points)
    {
        OpenModel = openModel;
        Points = points;
    }

    /// <summary>True when values are iterations per second; false when they are VUs.</summary>
    public bool OpenModel { get; }

    /// <summary>The corners of the polyline, in time order, from the scenario's start (time 0) to its end.</summary>
    public IReadOnlyList<LoadPoint> Points { get; }

    /// <summary>How long the executor aims for load (without its graceful stop).</summary>
    public TimeSpan Duration => Points[^1].Time;

    /// <summary>The highest value on the curve.</summary>
    public double Peak => Points.Max(p => p.Value);

    /// <summary>
    /// The curve of <paramref name="executor"/>, or null when its load is a count of iterations rather than a
    /// function of time (per-vu-iterations, shared-iterations). An externally-controlled scenario's curve is
    /// its starting VUs: what it does later is decided while it runs.
    /// </summary>
    public static LoadCurve? Of(ExecutorConfig executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return executor switch
        {
            ConstantVusConfig c => new LoadCurve(false, [new(TimeSpan.Zero, c.Vus), new(c.Duration, c.Vus)]),
            ExternallyControlledConfig e => new LoadCurve(false, [new(TimeSpan.Zero, e.Vus), new(e.Duration, e.Vus)]),
            RampingVusConfig r => new LoadCurve(false, Through(r.StartVus, r.Stages, 1)),
            ConstantArrivalRateConfig c => new LoadCurve(true,
                [new(TimeSpan.Zero, c.Rate / c.TimeUnit.TotalSeconds), new(c.Duration, c.Rate / c.TimeUnit.TotalSeconds)]),
            RampingArrivalRateConfig r => new LoadCurve(true, Through(r.StartRate, r.Stages, 1 / r.TimeUnit.TotalSeconds)),
            _ => null,
        };
    }

    /// <summary>
    /// The target at <paramref name="elapsed"/> from the scenario's start; 0 before the start and after the
    /// end. At a jump, the value after it.
    /// </summary>
    public double At(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero || elapsed > Duration)
        {
            return 0;
        }

        for (var i = 1; i < Points.Count; i++)
        {
            var (from, to) = (Points[i - 1], Points[i]);
            if (elapsed < to.Time)
            {
                return from.Value + ((to.Value - from.Value) * ((elapsed - from.Time) / (to.Time - from.Time)));
            }
        }

        return Points[^1].Value;
    }

    /// <summary>
    /// The mean target from <paramref name="from"/> to <paramref name="to"/> (the area under the curve over the
    /// span, divided by its length); for an arrival rate, the iterations scheduled in the span per second.
    /// </summary>
    public double Mean(TimeSpan from, TimeSpan to)
    {
        if (to <= from)
        {
            return At(from);
        }

        double area = 0;
        for (var i = 1; i < Points.Count; i++)
        {
            var (a, b) = (Points[i - 1], Points[i]);
            var start = a.Time > from ? a.Time : from;
            var end = b.Time < to ? b.Time : to;
            if (end <= start)
            {
                continue;
            }

            double Value(TimeSpan t) => a.Value + ((b.Value - a.Value) * ((t - a.Time) / (b.Time - a.Time)));
            area += (Value(start) + Value(end)) / 2 * (end - start).TotalSeconds;
        }

        return area / (to - from).TotalSeconds;
    }

    private static LoadPoint[] Through(double start, IReadOnlyList<Stage> stages, double scale)
    {
        var points = new LoadPoint[stages.Count + 1];
        points[0] = new LoadPoint(TimeSpan.Zero, start * scale);
        var time = TimeSpan.Zero;
        for (var i = 0; i < stages.Count; i++)
        {
            time += stages[i].Duration;
            points[i + 1] = new LoadPoint(time, stages[i].Target * scale);
        }

        return points;
    }
}

/// <summary>A corner of a <see cref="LoadCurve"/>.</summary>
/// <param name="Time">From the scenario's start.</param>
/// <param name="Value">VUs, or iterations per second.</param>
public readonly record struct LoadPoint(TimeSpan Time, double Value);

using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Analysis;

/// <summary>
/// The run's intervals reduced to what the findings compare: requests, failures and the load level the
/// generator applied — active VUs in the closed model, the arrival rate aimed for in the open model.
/// </summary>
internal sealed class LoadSeries
{
    /// <summary>An interval shorter than this share of the nominal one (the last, cut by the stop) is not a fair sample.</summary>
    public const double MinFullIntervalShare = 0.5;

    private LoadSeries(RunResult result, bool? open, IReadOnlyList<Point> points)
    {
        Result = result;
        Open = open;
        Points = points;
    }

    /// <summary>The run.</summary>
    public RunResult Result { get; }

    /// <summary>True when every scenario is open-model (load = target rate), false when none is (load = VUs), null when mixed.</summary>
    public bool? Open { get; }

    /// <summary>One point per interval, in time order.</summary>
    public IReadOnlyList<Point> Points { get; }

    /// <summary>Reduces <paramref name="result"/>'s series.</summary>
    public static LoadSeries Of(RunResult result)
    {
        var scenarios = result.Run.Scenarios;
        bool? open = scenarios.Count > 0
            ? scenarios.All(s => s.OpenModel) ? true : scenarios.Any(s => s.OpenModel) ? null : false
            : result.Series.Any(s => s.TargetRate is not null);
        var nominal = result.Run.Interval > TimeSpan.Zero ? result.Run.Interval : TimeSpan.FromSeconds(1);
        var points = new List<Point>(result.Series.Count);
        double? previous = null;
        for (var i = 0; i < result.Series.Count; i++)
        {
            var interval = result.Series[i];
            long requests = 0, failed = 0;
            foreach (var (key, aggregate) in interval.Metrics)
            {
                if (string.Equals(key.Metric, BuiltinMetrics.HttpReqs.Name, StringComparison.Ordinal))
                {
                    requests += aggregate.Count;
                }
                else if (string.Equals(key.Metric, BuiltinMetrics.HttpReqFailed.Name, StringComparison.Ordinal))
                {
                    failed += aggregate.Passes;
                }
            }

            double? level = open switch
            {
                true => interval.TargetRate,
                false => interval.Vus,
                null => null,
            };
            points.Add(new Point(i, interval, requests, failed, previous ?? level, level,
                interval.Length.Ticks >= nominal.Ticks * MinFullIntervalShare));
            previous = level;
        }

        return new LoadSeries(result, open, points);
    }

    /// <summary>The load level in words, e.g. <c>~40 VUs</c> or <c>~400 iterations/s</c>.</summary>
    public string Level(double level) => FindingText.Level(level, Open == true);

    /// <summary>One interval.</summary>
    /// <param name="Index">Position in the run's series.</param>
    /// <param name="Interval">The snapshot.</param>
    /// <param name="Requests">Requests completed (<c>http_reqs</c>).</param>
    /// <param name="Failed">Requests that failed (<c>http_req_failed</c>).</param>
    /// <param name="LevelStart">Load at the interval's start (the previous interval's end); null when unknown.</param>
    /// <param name="LevelEnd">Load at the interval's end; null when unknown.</param>
    /// <param name="Full">False for an interval cut short (the last one of a run).</param>
    internal readonly record struct Point(int Index, IntervalSnapshot Interval, long Requests, long Failed, double? LevelStart, double? LevelEnd, bool Full)
    {
        /// <summary>The interval's length in seconds.</summary>
        public double Seconds => Interval.Length.TotalSeconds;

        /// <summary>The load during the interval: the mean of its start and end levels; null when unknown.</summary>
        public double? Level => LevelStart is { } start && LevelEnd is { } end ? (start + end) / 2 : null;
    }
}

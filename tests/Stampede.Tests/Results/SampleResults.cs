using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Results;

/// <summary>Builds results with every kind of metric, tag set and field the file has to carry.</summary>
internal static class SampleResults
{
    public static readonly MetricDefinition PayloadSize = new("payload_size", MetricType.Trend);
    public static readonly MetricDefinition QueueWaitTime = new("queue_wait_time", MetricType.Trend, IsTime: true);
    public static readonly MetricDefinition CustomBytes = new("upload_bytes", MetricType.Counter, IsData: true);
    public static readonly MetricDefinition CartSize = new("cart_size", MetricType.Gauge);

    // Named like a time, holds plain numbers: "contains" must beat the suffix rule.
    public static readonly MetricDefinition RetryTime = new("retry_time", MetricType.Trend);

    private static readonly TagSet Encrypt = TagSet.Of(("name", "encrypt"), ("method", "POST"), ("status", "200"));
    private static readonly TagSet Decrypt = TagSet.Of(("name", "decrypt"), ("method", "POST"), ("status", "200"));
    private static readonly TagSet Failing = TagSet.Of(("name", "decrypt"), ("method", "POST"), ("status", "503"));

    // Values with ',' and ':' cannot be told apart in name{k:v} form alone.
    private static readonly TagSet Awkward = TagSet.Of(("url", "https://x/a?b=1,2"), ("name", "odd:one"));

    private static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 26, 53, 589, TimeSpan.FromHours(2));

    public static RunResult Rich(int intervals = 5, int seed = 7)
    {
        var random = new Random(seed);
        var series = new List<IntervalSnapshot>();
        var totals = new Dictionary<SeriesKey, MetricAggregate>();
        for (var i = 0; i < intervals; i++)
        {
            var snapshot = Interval(i, random);
            series.Add(snapshot);
            foreach (var (key, aggregate) in snapshot.Metrics)
            {
                if (!totals.TryGetValue(key, out var total))
                {
                    total = new MetricAggregate(aggregate.Metric, aggregate.Tags);
                    totals[key] = total;
                }

                total.Add(aggregate);
            }
        }

        // Recorded but empty, and a gauge never set: min/max stay NaN.
        totals[new SeriesKey(PayloadSize.Name, TagSet.Of(("name", "empty")))] = new MetricAggregate(PayloadSize, TagSet.Of(("name", "empty")));
        totals[new SeriesKey(CartSize.Name, TagSet.Of(("shop", "none")))] = new MetricAggregate(CartSize, TagSet.Of(("shop", "none")));

        var lag = new MetricAggregate(BuiltinMetrics.SchedulingLag, TagSet.Empty);
        for (var i = 0; i < 500; i++)
        {
            lag.AddTrend(random.Next(1, 40_000));
        }

        return new RunResult
        {
            Run = new RunInfo
            {
                Tool = "stampede 0.1.0",
                Started = Start,
                Duration = TimeSpan.FromSeconds(intervals) + TimeSpan.FromTicks(1_234_567),
                Command = "stampede run enc.yaml --insecure --header \"Authorization: ***\"",
                Machine = "gen-1 (Linux 6.8, .NET 10.0, 8 cores)",
                GitCommit = "0123456789abcdef0123456789abcdef01234567",
                Insecure = true,
                Transport = "fast",
                Outcome = "interrupted",
                Interval = TimeSpan.FromSeconds(1),
                Scenarios =
                [
                    new ScenarioInfo("encrypt_decrypt", "ramping-vus", false, "0→50 VUs over 1m, 50→0 over 1m"),
                    new ScenarioInfo("steady", "constant-arrival-rate", true, "2000 iterations/s for 10s"),
                ],
            },
            Metrics = [.. totals.Values],
            Series = series,
            Errors = new ErrorSummary
            {
                Counts = new Dictionary<ErrorKind, long> { [ErrorKind.Timeout] = 3, [ErrorKind.Http5xx] = 12, [ErrorKind.Tls] = 1 },
                Messages =
                [
                    new ErrorMessage(ErrorKind.Http5xx, "503 Service Unavailable", 12, TimeSpan.FromMilliseconds(1530.25)),
                    new ErrorMessage(ErrorKind.Timeout, "request timed out after 30s \"quoted\" <b>ü</b>", 3, TimeSpan.FromTicks(31_000_001)),
                    new ErrorMessage(ErrorKind.Tls, "remote certificate is invalid: UntrustedRoot", 1, TimeSpan.Zero),
                ],
            },
            Accounting = new RequestAccounting(10_016, 10_000, 15, 1),
            Generator = new GeneratorHealth
            {
                SchedulingLag = lag,
                DroppedIterations = 42,
                CpuPercentMean = 37.25,
                CpuPercentMax = 91.125,
                GcPauseMs = 12.5,
                MaxConnections = 64,
                Cores = 8,
                Warnings = ["generator CPU above 90% in 2 intervals", "42 iterations dropped"],
            },
        };
    }

    private static IntervalSnapshot Interval(int index, Random random)
    {
        var metrics = new Dictionary<SeriesKey, MetricAggregate>();
        MetricAggregate Series(MetricDefinition metric, TagSet tags)
        {
            var aggregate = new MetricAggregate(metric, tags);
            metrics[aggregate.Key] = aggregate;
            return aggregate;
        }

        foreach (var tags in new[] { Encrypt, Decrypt, Failing, Awkward })
        {
            var duration = Series(BuiltinMetrics.HttpReqDuration, tags);
            var waiting = Series(BuiltinMetrics.HttpReqWaiting, tags);
            var requests = Series(BuiltinMetrics.HttpReqs, tags);
            var failed = Series(BuiltinMetrics.HttpReqFailed, tags);
            var sent = Series(BuiltinMetrics.DataSent, tags);
            for (var n = 0; n < 200; n++)
            {
                // Wide spread, from 1 µs to beyond the trackable hour (clamped).
                var micros = n == 0 && index == 2 ? 5_000_000_000 : (long)Math.Exp(random.NextDouble() * 16);
                duration.AddTrend(micros);
                waiting.AddTrend(micros / 2);
                requests.AddCount(1);
                failed.AddRate(tags == Failing);
                sent.AddCount(random.Next(100, 2000) + 0.5);
            }
        }

        Series(BuiltinMetrics.Vus, TagSet.Empty).SetGauge(10 + index);
        var cart = Series(CartSize, TagSet.Of(("shop", "main")));
        cart.SetGauge(3.25);
        cart.SetGauge(-1.5);
        cart.SetGauge(7);
        var payload = Series(PayloadSize, TagSet.Of(("name", "encrypt")));
        var queue = Series(QueueWaitTime, TagSet.Of(("queue", "q1")));
        var retry = Series(RetryTime, TagSet.Of(("name", "encrypt")));
        for (var n = 0; n < 50; n++)
        {
            payload.AddTrend(random.Next(1, 70_000));
            queue.AddTrend(random.Next(1, 900));
            retry.AddTrend(random.Next(1, 5));
        }

        Series(CustomBytes, TagSet.Of(("bucket", "b"))).AddCountBatch(1_000_000_007);

        // Both an untagged and a tagged series of one metric.
        Series(BuiltinMetrics.Checks, TagSet.Empty).AddRate(true);
        var check = Series(BuiltinMetrics.Checks, TagSet.Of(("check", "status is 200")));
        check.AddRate(true);
        check.AddRate(false);

        return new IntervalSnapshot
        {
            Offset = TimeSpan.FromSeconds(index),
            Length = index == 4 ? TimeSpan.FromTicks(1_234_567) : TimeSpan.FromSeconds(1),
            Time = Start + TimeSpan.FromSeconds(index + 1),
            Metrics = metrics,
            Errors = index % 2 == 0
                ? new Dictionary<ErrorKind, long> { [ErrorKind.Http5xx] = 4, [ErrorKind.Timeout] = 1 }
                : new Dictionary<ErrorKind, long>(),
            Generator = new GeneratorSample(12.5 + index, 1.0 / 3, 0.75, 60 + index, 0.123, index),
            Vus = 10 + index,
            VusMax = 50,
            TargetRate = index == 4 ? null : 2000 + (index * 12.5),
        };
    }
}

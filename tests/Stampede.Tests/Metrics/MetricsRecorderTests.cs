using System.Diagnostics;
using Stampede.Metrics;

namespace Stampede.Tests.Metrics;

public class MetricsRecorderTests
{
    [Fact]
    public void Collect_WhileManyThreadsRecord_LosesAndDuplicatesNothing()
    {
        using var recorder = new MetricsRecorder();
        var series = recorder.Tags.Intern(TagSet.Of(("name", "x"), ("method", "GET")));
        const int threads = 4;
        const int perThread = 50_000;
        var collected = new List<CollectedInterval>();
        using var done = new CountdownEvent(threads);
        for (var t = 0; t < threads; t++)
        {
            new Thread(() =>
            {
                var now = Stopwatch.GetTimestamp();
                for (var i = 0; i < perThread; i++)
                {
                    recorder.RequestStarted();
                    var sample = new Sample(series, now, now, now + (i % 100 * Stopwatch.Frequency / 10_000), 200, ErrorKind.None, 10, 20, default);
                    recorder.Record(in sample);
                }

                done.Signal();
            }).Start();
        }

        while (!done.IsSet)
        {
            collected.Add(recorder.Collect());
        }

        collected.Add(recorder.Collect());

        var reqs = collected.SelectMany(c => c.Metrics.Values).Where(m => m.Metric == BuiltinMetrics.HttpReqs).Sum(m => m.Count);
        var durations = collected.SelectMany(c => c.Metrics.Values).Where(m => m.Metric == BuiltinMetrics.HttpReqDuration).Sum(m => m.Histogram!.TotalCount);
        var sent = collected.SelectMany(c => c.Metrics.Values).Where(m => m.Metric == BuiltinMetrics.DataSent).Sum(m => m.Sum);
        Assert.Equal(threads * perThread, reqs);
        Assert.Equal(threads * perThread, durations);
        Assert.Equal(threads * perThread * 10.0, sent);
        Assert.Equal(threads * perThread, collected.Sum(c => c.RequestsStarted));
    }

    [Fact]
    public void Collect_FailedSample_TaggedWithStatusAndCountedAsFailure()
    {
        using var recorder = new MetricsRecorder();
        var series = recorder.Tags.Intern(TagSet.Of(("name", "login")));
        var t = Stopwatch.GetTimestamp();
        var ok = new Sample(series, t, t, t + Stopwatch.Frequency / 100, 200, ErrorKind.None, 1, 1, default);
        var refused = new Sample(series, t, t, t + 1, 0, ErrorKind.ConnectionRefused, 0, 0, default);
        recorder.Record(in ok);
        recorder.Record(in refused, "connection refused");

        var interval = recorder.Collect();

        var failed = interval.Metrics[new SeriesKey("http_req_failed", TagSet.Of(("name", "login"), ("status", "0"), ("error", "connection_refused")))];
        Assert.Equal(1, failed.Passes);
        var okDuration = interval.Metrics[new SeriesKey("http_req_duration", TagSet.Of(("name", "login"), ("status", "200")))];
        Assert.InRange(okDuration.Percentile(50), 9_990, 10_010);
        Assert.Equal(1, interval.Errors[ErrorKind.ConnectionRefused]);
        Assert.Equal(1, interval.Messages[(ErrorKind.ConnectionRefused, "connection refused")]);
    }

    [Fact]
    public void Collect_ZeroPhases_PercentilesStayWithinTheExactMinAndMax()
    {
        using var recorder = new MetricsRecorder();
        var series = recorder.Tags.Intern(TagSet.Of(("name", "plain")));
        var t = Stopwatch.GetTimestamp();
        var f = Stopwatch.Frequency;

        // A plain-HTTP request on a reused connection: no connecting, no TLS. The histogram's floor is 1 µs.
        var phases = new RequestPhases(0, 0, f / 100_000, f / 1000, f / 100_000);
        for (var i = 0; i < 10; i++)
        {
            var sample = new Sample(series, t, t, t + (f / 500), 200, ErrorKind.None, 1, 1, phases);
            recorder.Record(in sample);
        }

        var interval = recorder.Collect();

        var tls = interval.Metrics[new SeriesKey("http_req_tls_handshaking", TagSet.Of(("name", "plain"), ("status", "200")))];
        Assert.Equal(0, tls.Max);
        Assert.Equal(0, tls.Percentile(50));
        Assert.Equal(0, tls.Percentile(99.9));
        var duration = interval.Metrics[new SeriesKey("http_req_duration", TagSet.Of(("name", "plain"), ("status", "200")))];
        Assert.True(duration.Percentile(100) <= duration.Max, $"p100 {duration.Percentile(100)} above max {duration.Max}");
        Assert.InRange(duration.Percentile(50), 1_995, 2_000);
    }

    [Fact]
    public void Record_OpenModelSample_KeepsResponseAndServiceTimeApart()
    {
        using var recorder = new MetricsRecorder();
        var series = recorder.Tags.Intern(TagSet.Empty);
        var f = Stopwatch.Frequency;
        var intended = Stopwatch.GetTimestamp();
        var sample = new Sample(series, intended, intended + f / 2, intended + (f / 2) + (f / 100), 200, ErrorKind.None, 0, 0, default);

        recorder.Record(in sample);
        var interval = recorder.Collect();

        var tags = TagSet.Of(("status", "200"));
        Assert.InRange(interval.Metrics[new SeriesKey("http_req_duration", tags)].Max, 509_000, 511_000);
        Assert.InRange(interval.Metrics[new SeriesKey("http_req_service_time", tags)].Max, 9_990, 10_010);
    }
}

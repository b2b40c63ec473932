using System.Globalization;
using Stampede.Cli.Outputs;
using Stampede.Metrics;

namespace Stampede.Cli.Tests.Outputs;

public class PrometheusStateTests
{
    private static string Text(PrometheusState state)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        state.WriteText(writer);
        return writer.ToString();
    }

    private static IntervalSnapshot Interval() => Snapshots.Of(
        Snapshots.Counter(BuiltinMetrics.HttpReqs, 3, ("name", "a"), ("status", "200")),
        Snapshots.Counter(BuiltinMetrics.DataSent, 512),
        Snapshots.Trend(BuiltinMetrics.HttpReqDuration, [400, 1000, 1001, 70_000], ("name", "a")),
        Snapshots.Rate(BuiltinMetrics.HttpReqFailed, 1, 2, ("name", "a")),
        Snapshots.Gauge(BuiltinMetrics.Vus, 5));

    [Fact]
    public void WriteText_OneInterval_WritesCountersHistogramsRatesAndGaugesInTheTextFormat()
    {
        var state = new PrometheusState();

        state.Update(Interval());

        var text = Text(state);
        Assert.Contains("# HELP stampede_http_reqs_total k6 counter http_reqs.\n# TYPE stampede_http_reqs_total counter\nstampede_http_reqs_total{name=\"a\",status=\"200\"} 3\n", text);
        Assert.Contains("# TYPE stampede_data_sent_bytes_total counter\nstampede_data_sent_bytes_total 512\n", text);
        Assert.Contains("# TYPE stampede_http_req_failed_total counter\nstampede_http_req_failed_total{name=\"a\"} 1\n", text);
        Assert.Contains("stampede_http_req_failed_samples_total{name=\"a\"} 3\n", text);
        Assert.Contains("# TYPE stampede_vus gauge\nstampede_vus 5\n", text);
        Assert.Contains(
            "# TYPE stampede_http_req_duration_seconds histogram\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.0005\"} 1\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.001\"} 2\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.0025\"} 3\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.005\"} 3\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.01\"} 3\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.025\"} 3\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.05\"} 3\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.1\"} 4\n", text);
        Assert.Contains(
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"60\"} 4\n" +
            "stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"+Inf\"} 4\n" +
            "stampede_http_req_duration_seconds_sum{name=\"a\"} 0.072401\n" +
            "stampede_http_req_duration_seconds_count{name=\"a\"} 4\n", text);
    }

    [Fact]
    public void Update_TwoIntervals_CountersAddUpAndGaugesTakeTheLatest()
    {
        var state = new PrometheusState();

        state.Update(Interval());
        state.Update(Snapshots.Of(
            Snapshots.Counter(BuiltinMetrics.HttpReqs, 4, ("name", "a"), ("status", "200")),
            Snapshots.Trend(BuiltinMetrics.HttpReqDuration, [200], ("name", "a")),
            Snapshots.Gauge(BuiltinMetrics.Vus, 2)));

        var text = Text(state);
        Assert.Contains("stampede_http_reqs_total{name=\"a\",status=\"200\"} 7\n", text);
        Assert.Contains("stampede_http_req_duration_seconds_bucket{name=\"a\",le=\"0.0005\"} 2\n", text);
        Assert.Contains("stampede_http_req_duration_seconds_count{name=\"a\"} 5\n", text);
        Assert.Contains("stampede_vus 2\n", text);
        Assert.Equal(2, state.Intervals);
    }

    [Fact]
    public void Update_ValueBeyondTheLastBound_CountsOnlyInInf()
    {
        var state = new PrometheusState();

        state.Update(Snapshots.Of(Snapshots.Trend(BuiltinMetrics.IterationDuration, [61_000_000])));

        var text = Text(state);
        Assert.Contains("stampede_iteration_duration_seconds_bucket{le=\"60\"} 0\n", text);
        Assert.Contains("stampede_iteration_duration_seconds_bucket{le=\"+Inf\"} 1\n", text);
    }

    [Fact]
    public void WriteText_TagsThatAreNotLabelNames_SanitizesNamesAndEscapesValues()
    {
        var state = new PrometheusState();
        var custom = new MetricDefinition("my-counter", MetricType.Counter);

        state.Update(Snapshots.Of(Snapshots.Counter(custom, 1, ("content-type", "a\"b\\c\nd"), ("le", "x"), ("__meta", "y"), ("1st", "z"), ("empty", ""))));

        Assert.Contains("stampede_my_counter_total{_1st=\"z\",content_type=\"a\\\"b\\\\c\\nd\",tag_le=\"x\",tag_meta=\"y\"} 1\n", Text(state));
    }

    [Theory]
    [InlineData("status", "status")]
    [InlineData("content-type", "content_type")]
    [InlineData("9lives", "_9lives")]
    [InlineData("__name__", "tag_name__")]
    [InlineData("le", "tag_le")]
    [InlineData("a:b", "a_b")]
    public void Label_TagName_FollowsPrometheusRules(string tag, string expected) =>
        Assert.Equal(expected, PrometheusNames.Label(tag));

    [Fact]
    public void Family_BuiltinMetrics_UseUnitAndTypeSuffixesAndThePrefixOnce()
    {
        Assert.Equal("stampede_http_reqs_total", PrometheusNames.Family(BuiltinMetrics.HttpReqs));
        Assert.Equal("stampede_data_received_bytes_total", PrometheusNames.Family(BuiltinMetrics.DataReceived));
        Assert.Equal("stampede_http_req_duration_seconds", PrometheusNames.Family(BuiltinMetrics.HttpReqDuration));
        Assert.Equal("stampede_checks_total", PrometheusNames.Family(BuiltinMetrics.Checks));
        Assert.Equal("stampede_checks_samples_total", PrometheusNames.RateSamples(BuiltinMetrics.Checks));
        Assert.Equal("stampede_vus_max", PrometheusNames.Family(BuiltinMetrics.VusMax));
        Assert.Equal("stampede_scheduling_lag_seconds", PrometheusNames.Family(BuiltinMetrics.SchedulingLag));
    }

    [Fact]
    public async Task WriteText_WhileAnotherThreadUpdates_AlwaysWritesWholeConsistentHistograms()
    {
        var state = new PrometheusState();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                state.Update(Snapshots.Of(Snapshots.Trend(BuiltinMetrics.HttpReqDuration, [300, 3000])));
            }
        });

        for (var i = 0; i < 200; i++)
        {
            var lines = Text(state).Split('\n');
            var inf = lines.FirstOrDefault(l => l.Contains("le=\"+Inf\"", StringComparison.Ordinal));
            var count = lines.FirstOrDefault(l => l.StartsWith("stampede_http_req_duration_seconds_count", StringComparison.Ordinal));
            Assert.Equal(inf?.Split(' ')[1], count?.Split(' ')[1]);
        }

        await stop.CancelAsync();
        await writer;
    }
}

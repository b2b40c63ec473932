using System.Text;
using Stampede.Cli.Outputs;
using Stampede.Metrics;

namespace Stampede.Cli.Tests.Outputs;

public class LineProtocolTests
{
    private const long Ms = 1_700_000_000_000;
    private const string Health = "stampede_generator cpu_percent=0,cpu_cores=0,gc_pause_ms=0,connections=0,scheduling_lag_p99_ms=0,dropped_iterations=0 1700000000000\n";

    private static string Lines(IntervalSnapshot snapshot, out int points)
    {
        var sb = new StringBuilder();
        points = LineProtocol.Append(sb, snapshot, Ms);
        return sb.ToString();
    }

    [Fact]
    public void Append_CounterWithSpecialCharactersInTags_EscapesCommasEqualsAndSpaces()
    {
        var snapshot = Snapshots.Of(Snapshots.Counter(BuiltinMetrics.HttpReqs, 3,
            ("name", "a b,c=d"), ("status", "200"), ("method", "GET"), ("scenario", "s")));

        var text = Lines(snapshot, out var points);

        Assert.Equal("http_reqs,method=GET,name=a\\ b\\,c\\=d,scenario=s,status=200 count=3,rate=3 1700000000000\n" + Health, text);
        Assert.Equal(2, points);
    }

    [Fact]
    public void Append_MeasurementWithSpaceAndComma_EscapesThemButNotEquals()
    {
        var metric = new MetricDefinition("my metric,x=y", MetricType.Counter);

        var text = Lines(Snapshots.Of(Snapshots.Counter(metric, 2)), out _);

        Assert.StartsWith("my\\ metric\\,x=y count=2,rate=2 ", text);
    }

    [Fact]
    public void Append_EmptyTagValueAndNewline_LeavesTheTagOutAndNeverBreaksTheLine()
    {
        var snapshot = Snapshots.Of(Snapshots.Counter(BuiltinMetrics.HttpReqs, 1, ("group", ""), ("name", "x\ny")));

        var text = Lines(snapshot, out _);

        Assert.StartsWith("http_reqs,name=x\\ny count=1,rate=1 ", text);
        Assert.Equal(2, text.Count(c => c == '\n'));
    }

    [Fact]
    public void Append_TimeTrend_WritesMillisecondStatisticsAndPercentiles()
    {
        var snapshot = Snapshots.Of(Snapshots.Trend(BuiltinMetrics.HttpReqDuration, [1000, 2000, 3000], ("name", "x")));

        var text = Lines(snapshot, out _);

        Assert.StartsWith("http_req_duration,name=x count=3,sum=6,min=1,mean=2,max=3,p50=2,p90=3,p95=3,p99=3 1700000000000\n", text);
    }

    [Fact]
    public void Append_CounterOverHalfSecond_RateIsPerSecond()
    {
        var snapshot = Snapshots.Of(Snapshots.Time, TimeSpan.FromMilliseconds(500), Snapshots.Counter(BuiltinMetrics.Iterations, 10));

        Assert.StartsWith("iterations count=10,rate=20 ", Lines(snapshot, out _));
    }

    [Fact]
    public void Append_RateAndGauge_WritePassesFailsRateAndValue()
    {
        var snapshot = Snapshots.Of(
            Snapshots.Rate(BuiltinMetrics.HttpReqFailed, 1, 3, ("name", "x")),
            Snapshots.Gauge(BuiltinMetrics.Vus, 7));

        var text = Lines(snapshot, out var points);

        Assert.Contains("http_req_failed,name=x passes=1,fails=3,rate=0.25 1700000000000\n", text);
        Assert.Contains("vus value=7 1700000000000\n", text);
        Assert.Equal(3, points);
    }

    [Fact]
    public void Append_ErrorsAndTrendWithoutValues_WritesErrorsByKindAndSkipsTheEmptyTrend()
    {
        var snapshot = new IntervalSnapshot
        {
            Offset = TimeSpan.Zero,
            Length = TimeSpan.FromSeconds(1),
            Time = Snapshots.Time,
            Metrics = new Dictionary<SeriesKey, MetricAggregate>
            {
                [new(BuiltinMetrics.HttpReqWaiting.Name, TagSet.Empty)] = new(BuiltinMetrics.HttpReqWaiting, TagSet.Empty),
            },
            Errors = new Dictionary<ErrorKind, long> { [ErrorKind.Http5xx] = 4 },
            Generator = new GeneratorSample(12.5, 0.25, 1, 8, 0.5, 2),
        };

        var text = Lines(snapshot, out var points);

        Assert.Equal(
            "stampede_generator cpu_percent=12.5,cpu_cores=0.25,gc_pause_ms=1,connections=8,scheduling_lag_p99_ms=0.5,dropped_iterations=2 1700000000000\n" +
            "stampede_errors,kind=http_5xx count=4 1700000000000\n", text);
        Assert.Equal(2, points);
    }

    [Fact]
    public void Append_UnderACommaCulture_WritesInvariantNumbers()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var text = Lines(Snapshots.Of(Snapshots.Rate(BuiltinMetrics.Checks, 1, 1)), out _);

            Assert.StartsWith("checks passes=1,fails=1,rate=0.5 ", text);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }
}

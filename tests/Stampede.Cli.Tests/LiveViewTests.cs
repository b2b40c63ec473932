using Stampede.Cli.Output;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Thresholds;

namespace Stampede.Cli.Tests;

public class LiveViewTests
{
    private static readonly IntervalSnapshot Interval = new()
    {
        Offset = TimeSpan.FromSeconds(41),
        Length = TimeSpan.FromSeconds(1),
        Time = DateTimeOffset.UnixEpoch,
        Metrics = new Dictionary<SeriesKey, MetricAggregate>(),
        Errors = new Dictionary<ErrorKind, long>(),
        Generator = new GeneratorSample(),
    };

    [Fact]
    public void Describe_Thresholds_CountsAndNamesTheCrossedWithTheirValues()
    {
        var p95 = ThresholdParser.Parse("http_req_duration", "p(95)<500");
        var failed = ThresholdParser.Parse("http_req_failed", "rate<0.01 over 30s");
        var progress = new RunProgress(TimeSpan.FromSeconds(42), TimeSpan.FromMinutes(1), 5, 5)
        {
            Thresholds =
            [
                new ThresholdResult(p95, false, 612.5, null),
                new ThresholdResult(failed, true, 0.002, null),
                null,
            ],
        };

        var lines = LiveView.Describe(Interval, progress);

        Assert.Equal("thresholds 1 ✓ 1 ✗ 1 not judged yet  ✗ http_req_duration: p(95)<500 (p(95)=613ms)", lines[^1]);
    }

    [Fact]
    public void Describe_TickJustBeforeASecond_ClockRoundsToIt()
    {
        var progress = new RunProgress(TimeSpan.FromMilliseconds(41_998), TimeSpan.FromMinutes(1), 5, 5);

        var lines = LiveView.Describe(Interval, progress);

        Assert.StartsWith("[0:42 / 1:00, 0:18 left]", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NoThresholds_NoThresholdLine()
    {
        var lines = LiveView.Describe(Interval, new RunProgress(TimeSpan.FromSeconds(42), TimeSpan.FromMinutes(1), 5, 5));

        Assert.Equal(3, lines.Count);
        Assert.DoesNotContain(lines, l => l.StartsWith("thresholds", StringComparison.Ordinal));
    }
}

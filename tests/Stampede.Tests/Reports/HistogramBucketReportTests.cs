using System.Globalization;
using Stampede.Reports;

namespace Stampede.Tests.Reports;

public sealed class HistogramBucketReportTests
{
    [Fact]
    public void Count_KnownLatencies_EachBucketHoldsItsRange()
    {
        var buckets = HistogramBucketReport.Parse("hist[0,1ms,10ms,50ms,100ms]");

        var counts = HistogramBucketReport.Count(ReportSamples.Known(), buckets);

        Assert.Equal([10L, 20, 30, 0, 40], counts);
    }

    [Fact]
    public void Count_BoundEqualToAValue_CountsItInTheBucketItStarts()
    {
        var counts = HistogramBucketReport.Count(ReportSamples.Known(), HistogramBucketReport.Parse("hist[0,5ms,20ms,200ms]"));

        Assert.Equal([10L, 20, 30, 40], counts);
    }

    [Fact]
    public void Write_KnownLatencies_VegetaColumnsPercentagesAndBars()
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);

        HistogramBucketReport.Write(ReportSamples.Known(), HistogramBucketReport.Parse("hist[0,1ms,10ms,50ms,100ms]"), text);

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Matches(@"^Bucket\s+#\s+%\s+Histogram$", lines[0]);
        Assert.Matches(@"^\[0s,\s+1ms\]\s+10\s+10\.00%\s+#{7}$", lines[1]);
        Assert.Matches(@"^\[50ms,\s+100ms\]\s+0\s+0\.00%$", lines[4]);
        Assert.Matches(@"^\[100ms,\s+\+Inf\]\s+40\s+40\.00%\s+#{30}$", lines[5]);
        Assert.Equal(lines[0].IndexOf('#', StringComparison.Ordinal), lines[1].IndexOf("10 ", 6, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hist[]", "no bucket bounds")]
    [InlineData("hist[0,10ms", "in brackets")]
    [InlineData("hist[0,ten]", "bucket bound 'ten' is not a duration")]
    [InlineData("hist[0,50ms,10ms]", "bucket bound '10ms' is not above the one before it (50ms)")]
    public void Parse_BadList_SaysWhatIsWrongAndHowToWriteIt(string format, string expected)
    {
        var ex = Assert.Throws<InvalidInputException>(() => HistogramBucketReport.Parse(format));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}

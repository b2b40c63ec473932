using System.Text;
using HdrHistogram;
using Stampede.Metrics;
using Stampede.Reports;
using Stampede.Tests.Results;

namespace Stampede.Tests.Reports;

public sealed class HdrIntervalLogReportTests
{
    [Fact]
    public void Render_ReadByHdrHistogramsLogReader_GivesEachIntervalsCounts()
    {
        var result = SampleResults.Rich();

        var log = HdrIntervalLogReport.Render(result);

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(log));
        using var reader = new HistogramLogReader(stream);
        var histograms = reader.ReadHistograms().ToList();
        Assert.Equal(result.Series.Count, histograms.Count);
        for (var i = 0; i < histograms.Count; i++)
        {
            var expected = result.Series[i].Total(BuiltinMetrics.HttpReqDuration)!;
            Assert.Equal(expected.Count, histograms[i].TotalCount);
            Assert.Equal(expected.Histogram!.GetValueAtPercentile(99), histograms[i].GetValueAtPercentile(99));
        }
    }

    [Fact]
    public void Render_KnownRun_HeaderLinesAndOneLinePerIntervalFromBaseTime()
    {
        var lines = HdrIntervalLogReport.Render(ReportSamples.Known()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("#[Histogram log format version 1.3]", lines[0]);
        Assert.Equal("#[StartTime: 1767323045.000 (seconds since epoch), Fri Jan 02 03:04:05 UTC 2026]", lines[1]);
        Assert.Equal("#[BaseTime: 1767323045.000 (seconds since epoch)]", lines[2]);
        Assert.Equal(HdrIntervalLogReport.Legend, lines[4]);
        Assert.StartsWith("0.000,1.000,5.000,HISTF", lines[5], StringComparison.Ordinal);
        Assert.StartsWith("1.000,1.000,200.000,HISTF", lines[6], StringComparison.Ordinal);
        Assert.Equal(7, lines.Length);
    }
}

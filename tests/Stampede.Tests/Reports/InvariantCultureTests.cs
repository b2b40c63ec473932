using System.Globalization;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Tests.Reports;

/// <summary>Machine formats are read by programs: a German or French decimal comma must never reach them.</summary>
public sealed class InvariantCultureTests
{
    public static TheoryData<string> Cultures => ["de-DE", "fr-FR"];

    [Theory]
    [MemberData(nameof(Cultures))]
    public void MachineReports_UnderACommaDecimalCulture_SameBytesAsInvariant(string culture)
    {
        var result = ReportSamples.WithThresholds();
        var invariant = Tests.Cultures.With(CultureInfo.InvariantCulture, () => RenderAll(result));

        var localized = Tests.Cultures.With(CultureInfo.GetCultureInfo(culture), () => RenderAll(result));

        Assert.Equal("1,5", 1.5.ToString(CultureInfo.GetCultureInfo(culture)));
        Assert.Equal(invariant, localized);
        Assert.Matches(@"""avg"": \d+\.\d+", localized[0]);
        Assert.Matches(@"\r\nPOST,decrypt,2000,1000,\d+\.\d,\d+\.\d+,", localized[1]);
    }

    private static string[] RenderAll(RunResult result)
    {
        var stats = new StringWriter(CultureInfo.CurrentCulture);
        LocustCsvReport.WriteStats(result, stats);
        var history = new StringWriter(CultureInfo.CurrentCulture);
        LocustCsvReport.WriteHistory(result, history);
        var hist = new StringWriter(CultureInfo.CurrentCulture);
        HistogramBucketReport.Write(result, HistogramBucketReport.Parse("hist[0,1.5ms,10ms]"), hist);
        return
        [
            JsonSummaryReport.Render(result), stats.ToString(), history.ToString(), JUnitReport.Render(result),
            HdrIntervalLogReport.Render(result), MarkdownReport.Render(result), hist.ToString(),
        ];
    }

}

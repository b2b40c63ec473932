using Stampede.Reports;

namespace Stampede.Tests.Reports;

public sealed class MarkdownReportTests
{
    [Fact]
    public void Render_ThresholdsCrossed_VerdictAndEachThresholdWithItsObservedValue()
    {
        var result = ReportSamples.WithThresholds();

        var md = MarkdownReport.Render(result);

        Assert.StartsWith("## Stampede: ⚠️ interrupted\n", md, StringComparison.Ordinal);
        Assert.Contains("| ✗ | `http_req_duration: p(95)<1` | p(95)=", md, StringComparison.Ordinal);
        Assert.Contains("| ✓ | `http_req_failed: rate<0.5` | rate=0.25 |", md, StringComparison.Ordinal);
        Assert.Contains("| ✗ | `http_reqs{scenario:steady}: count>0` | count=0 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RichRun_RowPerRequestNameChecksAndAccounting()
    {
        var md = MarkdownReport.Render(ReportSamples.WithThresholds());

        Assert.Contains("| Name | Method | Requests | Failures | Median | Average | p95 | p99 | Max | req/s |", md, StringComparison.Ordinal);
        Assert.Matches(@"\n\| decrypt \| POST \| 2000 \| 1000 \| [\d.]+ms \|", md);
        Assert.Matches(@"\n\| odd:one \|  \| 1000 \| 0 \| [\d.]+ms \|", md);
        Assert.Contains("sent 10016 = succeeded 10000 + failed 15 + in flight at stop 1", md, StringComparison.Ordinal);
        Assert.Contains("| ✗ | status is 200 |  | 5 | 5 | 50.00% |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CompletedWithoutThresholds_Passed()
    {
        var md = MarkdownReport.Render(ReportSamples.Known());

        Assert.StartsWith("## Stampede: ✅ passed\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("### Thresholds", md, StringComparison.Ordinal);
        Assert.Matches(@"\n\| home \| GET \| 100 \| 0 \| 20(\.\d+)?ms \| 87\.05ms \| 200ms \| 200ms \| 200ms \| 50 \|\n", md);
    }
}

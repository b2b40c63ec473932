using Stampede.Reports;
using Stampede.Results;

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

    [Fact]
    public void Render_RunWithAKnee_FindingsSectionWithTitleAndDetail()
    {
        var result = Analysis.KneeFinderTests.QueueRamp(Enumerable.Range(1, 32)).Build();
        var knee = Stampede.Analysis.RunAnalysis.Findings(result).Single();

        var md = MarkdownReport.Render(result);

        Assert.Contains($"### Findings\n\n- ⚠️ **{knee.Title}**  \n  {knee.Detail}\n\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoFindings_NoFindingsSection()
    {
        Assert.DoesNotContain("### Findings", MarkdownReport.Render(new Analysis.SyntheticRun().Second(5, 200, Analysis.SyntheticRun.Around(10_000)).Build()), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SaturationFinding_ItsWarningsNotRepeatedOthersKept()
    {
        var result = Analysis.KneeFinderTests.QueueRamp(Enumerable.Range(1, 32)).Build(new GeneratorHealth
        {
            CpuPercentMax = 97,
            Cores = 2,
            Warnings = [GeneratorWarnings.CpuWarning(97, 2), "output InfluxSink failed: connection refused"],
        });

        var md = MarkdownReport.Render(result);

        Assert.Contains("**generator saturation (CPU 97%): these results understate latency**", md, StringComparison.Ordinal);
        Assert.DoesNotContain("generator CPU reached", md, StringComparison.Ordinal);
        Assert.Contains("> ⚠️ output InfluxSink failed: connection refused\n", md, StringComparison.Ordinal);
    }
}

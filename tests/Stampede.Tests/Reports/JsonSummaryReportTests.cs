using System.Text.Json;
using Stampede.Metrics;
using Stampede.Reports;

namespace Stampede.Tests.Reports;

public sealed class JsonSummaryReportTests
{
    [Fact]
    public void Render_RichRun_MetricsInMillisecondsEqualTheTotals()
    {
        var result = ReportSamples.WithThresholds();
        var duration = result.Total(BuiltinMetrics.HttpReqDuration)!;

        using var json = JsonDocument.Parse(JsonSummaryReport.Render(result));

        var root = json.RootElement;
        Assert.Equal(JsonSummaryReport.Format, root.GetProperty("format").GetString());
        var d = root.GetProperty("metrics").GetProperty("http_req_duration");
        Assert.Equal("trend", d.GetProperty("type").GetString());
        Assert.Equal(duration.Count, d.GetProperty("count").GetInt64());
        Assert.Equal(Math.Round(duration.Percentile(95) / 1000, 6), d.GetProperty("p(95)").GetDouble());
        Assert.Equal(Math.Round(duration.Mean / 1000, 6), d.GetProperty("avg").GetDouble());
        var failed = root.GetProperty("metrics").GetProperty("http_req_failed");
        Assert.Equal(0.25, failed.GetProperty("rate").GetDouble());
        Assert.Equal(result.Total(BuiltinMetrics.HttpReqs)!.Sum, root.GetProperty("metrics").GetProperty("http_reqs").GetProperty("count").GetDouble());
    }

    [Fact]
    public void Render_RichRun_RequestsChecksThresholdsAndAccounting()
    {
        var result = ReportSamples.WithThresholds();

        using var json = JsonDocument.Parse(JsonSummaryReport.Render(result));

        var root = json.RootElement;
        var requests = root.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal(RequestRow.From(result).Select(r => (r.Name, r.Method, r.Requests, r.Failures)),
            requests.Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("method").GetString()!, r.GetProperty("count").GetInt64(), r.GetProperty("failures").GetInt64())));
        var check = Assert.Single(root.GetProperty("checks").EnumerateArray());
        Assert.Equal(("status is 200", 5L, 5L), (check.GetProperty("name").GetString(), check.GetProperty("passes").GetInt64(), check.GetProperty("fails").GetInt64()));
        var thresholds = root.GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal([false, true, false], thresholds.Select(t => t.GetProperty("passed").GetBoolean()));
        Assert.Equal(0, thresholds[2].GetProperty("observed").GetDouble());
        Assert.False(root.GetProperty("run").GetProperty("thresholds_passed").GetBoolean());
        var accounting = root.GetProperty("accounting");
        Assert.Equal(10_016, accounting.GetProperty("sent").GetInt64());
        Assert.True(accounting.GetProperty("balanced").GetBoolean());
        Assert.Equal(12, root.GetProperty("errors").GetProperty("http_5xx").GetInt64());
    }

    [Fact]
    public void Render_GaugeNeverSetAndEmptyTrend_NullsNotNaN()
    {
        var json = JsonSummaryReport.Render(ReportSamples.WithThresholds());

        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("gauge", document.RootElement.GetProperty("metrics").GetProperty("cart_size").GetProperty("type").GetString());
    }

    [Fact]
    public void Render_RunWithAKnee_FindingsArrayWithKindSeverityTitleDetailAtNameAndValues()
    {
        var result = Analysis.KneeFinderTests.QueueRamp(Enumerable.Range(1, 32)).Build();
        var knee = Stampede.Analysis.RunAnalysis.Findings(result).Single();

        using var json = JsonDocument.Parse(JsonSummaryReport.Render(result));

        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("knee", finding.GetProperty("kind").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(knee.Title, finding.GetProperty("title").GetString());
        Assert.Equal(knee.Detail, finding.GetProperty("detail").GetString());
        Assert.Equal(knee.At!.Value.TotalSeconds, finding.GetProperty("at").GetDouble());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("name").ValueKind);
        Assert.Equal(knee.Values["level"], finding.GetProperty("values").GetProperty("level").GetDouble());
    }

    [Fact]
    public void Render_NoFindings_EmptyArray()
    {
        using var json = JsonDocument.Parse(JsonSummaryReport.Render(new Analysis.SyntheticRun().Second(5, 200, Analysis.SyntheticRun.Around(10_000)).Build()));

        Assert.Equal(0, json.RootElement.GetProperty("findings").GetArrayLength());
    }
}

using System.Xml.Linq;
using Stampede.Reports;

namespace Stampede.Tests.Reports;

public sealed class JUnitReportTests
{
    [Fact]
    public void Render_ThresholdsAndChecks_SuitePerScenarioCasePerThresholdAndCheck()
    {
        var result = ReportSamples.WithThresholds();

        var xml = XDocument.Parse(JUnitReport.Render(result));

        var root = xml.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        var suites = root.Elements("testsuite").ToDictionary(s => (string)s.Attribute("name")!);
        Assert.Equal(["thresholds", "encrypt_decrypt", "steady"], suites.Keys);
        Assert.Equal(["http_req_duration: p(95)<1", "http_req_failed: rate<0.5", "status is 200"],
            suites["thresholds"].Elements("testcase").Select(c => (string)c.Attribute("name")!));
        Assert.Equal(["http_reqs{scenario:steady}: count>0"], suites["steady"].Elements("testcase").Select(c => (string)c.Attribute("name")!));
        Assert.Empty(suites["encrypt_decrypt"].Elements("testcase"));
        Assert.Equal(4, (int)root.Attribute("tests")!);
        Assert.Equal(root.Descendants("failure").Count(), (int)root.Attribute("failures")!);
        Assert.Equal(suites["thresholds"].Elements("testcase").Count(c => c.Element("failure") is not null), (int)suites["thresholds"].Attribute("failures")!);
    }

    [Fact]
    public void Render_CrossedThreshold_FailureCarriesTheObservedValue()
    {
        var result = ReportSamples.WithThresholds();
        var observed = result.Thresholds[0].Observed!.Value;

        var xml = XDocument.Parse(JUnitReport.Render(result));

        var failure = xml.Descendants("testcase").Single(c => (string)c.Attribute("name")! == "http_req_duration: p(95)<1").Element("failure")!;
        Assert.Equal("threshold", (string)failure.Attribute("type")!);
        Assert.Contains($"observed p(95)={observed.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}ms", (string)failure.Attribute("message")!, StringComparison.Ordinal);
        var held = xml.Descendants("testcase").Single(c => (string)c.Attribute("name")! == "http_req_failed: rate<0.5");
        Assert.Null(held.Element("failure"));
    }

    [Fact]
    public void Render_CheckThatFailed_FailureCountsThePassesAndFails()
    {
        var result = ReportSamples.WithThresholds();
        var check = result.Checks.Single();

        var xml = XDocument.Parse(JUnitReport.Render(result));

        var failure = xml.Descendants("testcase").Single(c => (string)c.Attribute("name")! == "status is 200").Element("failure")!;
        Assert.Contains($"check failed {check.Fails} of {check.Passes + check.Fails} times", (string)failure.Attribute("message")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoThresholdsOrChecks_StillOneSuitePerScenario()
    {
        var xml = XDocument.Parse(JUnitReport.Render(ReportSamples.Known()));

        var suite = Assert.Single(xml.Root!.Elements("testsuite"));
        Assert.Equal("default", (string)suite.Attribute("name")!);
        Assert.Equal(0, (int)xml.Root!.Attribute("tests")!);
    }
}

using System.Globalization;
using System.Text;
using System.Xml;
using Stampede.Results;
using Stampede.Thresholds;

namespace Stampede.Reports;

/// <summary>
/// The <c>junit</c> report: JUnit XML that CI servers (Jenkins, GitLab, GitHub actions, Azure DevOps) show as
/// tests. A <c>testsuite</c> per scenario holds the checks that ran in it and the thresholds filtered to it
/// (<c>{scenario:NAME}</c>); the run-wide thresholds form a suite named <c>thresholds</c>. A crossed threshold
/// or a check that ever failed is a <c>failure</c> whose message carries the observed value.
/// </summary>
public static class JUnitReport
{
    private const string RunWide = "thresholds";

    /// <summary>Writes the report as UTF-8 XML.</summary>
    public static void Write(RunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var suites = Suites(result);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "stampede");
        xml.WriteAttributeString("tests", Int(suites.Sum(s => s.Cases.Count)));
        xml.WriteAttributeString("failures", Int(suites.Sum(s => s.Cases.Count(c => c.Failure is not null))));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("time", Seconds(result.Run.Duration));
        foreach (var suite in suites)
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", suite.Name);
            xml.WriteAttributeString("tests", Int(suite.Cases.Count));
            xml.WriteAttributeString("failures", Int(suite.Cases.Count(c => c.Failure is not null)));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", "0");
            xml.WriteAttributeString("time", Seconds(result.Run.Duration));
            xml.WriteAttributeString("timestamp", result.Run.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            foreach (var test in suite.Cases)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", test.Name);
                xml.WriteAttributeString("classname", test.ClassName);
                xml.WriteAttributeString("time", "0");
                if (test.Failure is { } failure)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", failure);
                    xml.WriteAttributeString("type", test.Type);
                    xml.WriteString(failure);
                    xml.WriteEndElement();
                }
                else
                {
                    xml.WriteElementString("system-out", test.Passed);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>The report as a string.</summary>
    public static string Render(RunResult result)
    {
        using var buffer = new MemoryStream();
        Write(result, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<Suite> Suites(RunResult result)
    {
        var suites = new List<Suite>();
        var names = result.Run.Scenarios.Select(s => s.Name)
            .Concat(result.Checks.Select(c => c.Scenario).Where(s => s.Length > 0))
            .Concat(result.Thresholds.Select(t => t.Threshold.Filter["scenario"]).OfType<string>())
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var suite = new Suite(name);
            suite.Cases.AddRange(result.Thresholds.Where(t => t.Threshold.Filter["scenario"] == name).Select(t => Threshold(t, name)));
            suite.Cases.AddRange(result.Checks.Where(c => c.Scenario == name).Select(Check));
            suites.Add(suite);
        }

        var runWide = new Suite(RunWide);
        runWide.Cases.AddRange(result.Thresholds.Where(t => t.Threshold.Filter["scenario"] is null).Select(t => Threshold(t, RunWide)));
        runWide.Cases.AddRange(result.Checks.Where(c => c.Scenario.Length == 0).Select(Check));
        if (runWide.Cases.Count > 0 || suites.Count == 0)
        {
            suites.Insert(0, runWide);
        }

        return suites;
    }

    private static Case Threshold(ThresholdResult verdict, string suite)
    {
        var observed = ReportText.Observed(verdict);
        var threshold = verdict.Threshold;
        return new Case(threshold.Source, suite == RunWide ? "stampede.thresholds" : $"stampede.{suite}.thresholds", "threshold",
            verdict.Passed ? null : $"threshold crossed: {threshold.Source} (observed {observed})",
            $"held: {threshold.Source} (observed {observed})");
    }

    private static Case Check(CheckResult check)
    {
        var name = check.Group.Length > 0 ? $"{check.Group} {check.Name}" : check.Name;
        var counts = $"{check.Passes} passed, {check.Fails} failed ({ReportText.Percent(check.PassRate)} passed)";
        return new Case(name, $"stampede.{(check.Scenario.Length > 0 ? check.Scenario : RunWide)}.checks", "check",
            check.Fails == 0 ? null : $"check failed {check.Fails} of {check.Passes + check.Fails} times: {counts}",
            counts);
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record Suite(string Name)
    {
        public List<Case> Cases { get; } = [];
    }

    private sealed record Case(string Name, string ClassName, string Type, string? Failure, string Passed);
}

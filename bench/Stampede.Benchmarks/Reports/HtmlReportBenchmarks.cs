using BenchmarkDotNet.Attributes;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Benchmarks.Reports;

/// <summary>
/// Rendering the HTML report of a one-hour run (3,600 one-second intervals, six status series of four names,
/// compacted histograms as after reading a results file). The budget is 2 seconds.
/// </summary>
[MemoryDiagnoser]
public class HtmlReportBenchmarks
{
    private RunResult _hour = null!;

    [GlobalSetup]
    public void Setup() =>
        // Through the results file, so the aggregates are exactly as `stampede report` reads them.
        _hour = ResultsFile.Deserialize(ResultsFile.Serialize(HourOfResults.Build()));

    /// <summary>The whole page: tables, per-interval percentiles from merged histograms, the spectrum, the assets.</summary>
    [Benchmark]
    public int Render_OneHour() => HtmlReport.Render(_hour).Length;
}

using BenchmarkDotNet.Attributes;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Benchmarks.Reports;

/// <summary>
/// Locust's <c>_stats_history.csv</c> for a one-hour run (<see cref="HourOfResults"/>): a row per second for each of
/// four names and the Aggregated row, each with its interval's percentiles — 18,000 rows.
/// </summary>
[MemoryDiagnoser]
public class CsvHistoryBenchmarks
{
    private RunResult _run = null!;

    [GlobalSetup]
    public void Setup() => _run = HourOfResults.Build();

    /// <summary>The whole history file, into a writer that keeps nothing.</summary>
    [Benchmark]
    public void History_OneHour() => LocustCsvReport.WriteHistory(_run, TextWriter.Null);
}

using BenchmarkDotNet.Attributes;
using Stampede.Results;

namespace Stampede.Benchmarks.Reports;

/// <summary>
/// Reading back the results file of a one-hour run (<see cref="HourOfResults"/>), the first step of every offline
/// <c>stampede report</c> and <c>merge</c>.
/// </summary>
[MemoryDiagnoser]
public class ResultsReadBenchmarks
{
    private string _json = "";

    [GlobalSetup]
    public void Setup() => _json = ResultsFile.Serialize(HourOfResults.Build());

    /// <summary>Parses the file's text into a <see cref="RunResult"/>.</summary>
    [Benchmark]
    public RunResult Read_OneHour() => ResultsFile.Deserialize(_json);
}

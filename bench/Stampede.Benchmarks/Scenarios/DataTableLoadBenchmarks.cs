using System.Text;
using BenchmarkDotNet.Attributes;
using Stampede.Scenarios.Data;

namespace Stampede.Benchmarks.Scenarios;

/// <summary>
/// Loading a 100,000-row data file (id, user name, a repeated password, one of two countries) as CSV and
/// as JSON: time, and memory allocated, which should be close to a reference per cell plus the distinct
/// strings — repeated values are stored once.
/// </summary>
[MemoryDiagnoser]
public class DataTableLoadBenchmarks
{
    private const int Rows = 100_000;

    private string _directory = null!;
    private string _csv = null!;
    private string _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("stampede-bench-").FullName;
        var csv = new StringBuilder("id,username,password,country\n");
        var json = new StringBuilder("[\n");
        for (var i = 0; i < Rows; i++)
        {
            var country = i % 4 == 0 ? "FR" : "JP";
            csv.Append(i).Append(",user").Append(i).Append(",s3cret,").Append(country).Append('\n');
            json.Append(i == 0 ? "" : ",\n").Append("{\"id\": ").Append(i).Append(", \"username\": \"user").Append(i)
                .Append("\", \"password\": \"s3cret\", \"country\": \"").Append(country).Append("\"}");
        }

        _csv = Path.Combine(_directory, "users.csv");
        _json = Path.Combine(_directory, "users.json");
        File.WriteAllText(_csv, csv.ToString());
        File.WriteAllText(_json, json.Append("\n]\n").ToString());
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public int LoadCsv() => DataTable.LoadCsv(_csv).RowCount;

    [Benchmark]
    public int LoadJson() => DataTable.LoadJson(_json).RowCount;
}

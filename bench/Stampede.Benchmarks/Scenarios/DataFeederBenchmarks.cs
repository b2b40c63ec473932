using System.Text;
using BenchmarkDotNet.Attributes;
using Stampede.Scenarios.Data;

namespace Stampede.Benchmarks.Scenarios;

/// <summary>
/// What every iteration of a data-driven scenario pays to get its row: one <see cref="DataFeeder.TryTake"/>
/// per strategy, and a take followed by reading a cell as a template does. The goal is 0 B allocated
/// per call. Single-threaded: this measures the cost of a take, not contention on the shared counter.
/// </summary>
[MemoryDiagnoser]
public class DataFeederBenchmarks
{
    private const int Rows = 100_000;

    private string _directory = null!;
    private DataTable _table = null!;
    private DataFeeder _sequential = null!;
    private DataFeeder _circular = null!;
    private DataFeeder _random = null!;
    private DataFeeder _seededRandom = null!;
    private DataFeeder _uniquePerVu = null!;
    private int _username;
    private int _vu;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("stampede-bench-").FullName;
        var path = Path.Combine(_directory, "users.csv");
        var text = new StringBuilder("username,password\n");
        for (var i = 0; i < Rows; i++)
        {
            text.Append("user").Append(i).Append(",s3cret\n");
        }

        File.WriteAllText(path, text.ToString());
        _table = DataTable.LoadCsv(path);
        _username = _table.ColumnIndex("username");

        // Sequential runs out after Rows takes and then measures the "no row" answer, which costs the
        // same increment and comparison as a successful take.
        _sequential = new DataFeeder(_table, DataStrategy.Sequential);
        _circular = new DataFeeder(_table, DataStrategy.Circular);
        _random = new DataFeeder(_table, DataStrategy.Random);
        _seededRandom = new DataFeeder(_table, DataStrategy.Random, seed: 42);
        _uniquePerVu = new DataFeeder(_table, DataStrategy.UniquePerVu);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public int Sequential()
    {
        _sequential.TryTake(1, out var row);
        return row;
    }

    [Benchmark]
    public int Circular()
    {
        _circular.TryTake(1, out var row);
        return row;
    }

    [Benchmark]
    public int Random()
    {
        _random.TryTake(1, out var row);
        return row;
    }

    [Benchmark]
    public int RandomSeeded()
    {
        _seededRandom.TryTake(1, out var row);
        return row;
    }

    [Benchmark]
    public int UniquePerVu()
    {
        _vu = _vu == Rows ? 1 : _vu + 1;
        _uniquePerVu.TryTake(_vu, out var row);
        return row;
    }

    /// <summary>A take and a cell read: what rendering <c>{{ users.username }}</c> costs before formatting.</summary>
    [Benchmark]
    public string CircularThenReadCell()
    {
        _circular.TryTake(1, out var row);
        return _table[row, _username];
    }
}

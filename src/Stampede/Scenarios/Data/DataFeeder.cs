namespace Stampede.Scenarios.Data;

/// <summary>
/// Hands rows of a <see cref="DataTable"/> to virtual users according to a <see cref="DataStrategy"/>.
/// Thread-safe, lock-free and allocation-free per take: <c>sequential</c>, <c>circular</c> and seeded
/// <c>random</c> share one <see cref="Interlocked"/> counter; unseeded <c>random</c> uses the
/// thread-local generator of <see cref="System.Random.Shared"/>; <c>unique-per-vu</c> touches no shared state.
/// </summary>
public sealed class DataFeeder
{
    private readonly int _rowCount;
    private readonly ulong _seed;
    private readonly bool _seeded;

    // Takes so far (sequential, circular, seeded random). Long, so failed takes after the rows run out
    // can go on for the rest of the run without wrapping around to valid rows again.
    private long _taken;

    /// <summary>Creates a feeder over <paramref name="table"/>.</summary>
    /// <param name="table">The rows to hand out; at least one.</param>
    /// <param name="strategy">How rows are chosen.</param>
    /// <param name="seed">For <see cref="DataStrategy.Random"/>: makes the sequence of rows reproducible
    /// (the n-th take overall gets the same row on every run). Ignored by the other strategies.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="strategy"/> is not a defined value.</exception>
    public DataFeeder(DataTable table, DataStrategy strategy, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "not a defined DataStrategy value");
        }

        if (table.RowCount < 1)
        {
            throw new ArgumentException($"'{table.Source}' has no rows to hand out", nameof(table));
        }

        Table = table;
        Strategy = strategy;
        _rowCount = table.RowCount;
        _seeded = seed.HasValue;
        _seed = seed.HasValue ? Mix((ulong)seed.Value) : 0;
    }

    /// <summary>The rows handed out.</summary>
    public DataTable Table { get; }

    /// <summary>How rows are chosen.</summary>
    public DataStrategy Strategy { get; }

    /// <summary>
    /// The row for this VU's current iteration. Call once per iteration and read every column the
    /// iteration needs from that row.
    /// </summary>
    /// <param name="vuId">The VU's id, 1-based. Only <see cref="DataStrategy.UniquePerVu"/> uses it.</param>
    /// <param name="row">The row index into <see cref="Table"/>, or -1 when there is none.</param>
    /// <returns>
    /// False when the strategy has no row for this take: <c>sequential</c> after every row was handed
    /// out, <c>unique-per-vu</c> when <paramref name="vuId"/> is greater than the row count. The caller
    /// stops that VU and reports <see cref="NoRowMessage"/>. Always true for the other strategies.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DataStrategy.UniquePerVu"/> and <paramref name="vuId"/> is less than 1.</exception>
    public bool TryTake(int vuId, out int row)
    {
        switch (Strategy)
        {
            case DataStrategy.Sequential:
                var next = Interlocked.Increment(ref _taken) - 1;
                if (next < _rowCount)
                {
                    row = (int)next;
                    return true;
                }

                break;
            case DataStrategy.Circular:
                row = (int)((ulong)(Interlocked.Increment(ref _taken) - 1) % (uint)_rowCount);
                return true;
            case DataStrategy.Random:
                row = _seeded ? SeededRow((ulong)Interlocked.Increment(ref _taken)) : System.Random.Shared.Next(_rowCount);
                return true;
            default:
                if (vuId < 1)
                {
                    ThrowBadVuId(vuId);
                }

                if (vuId <= _rowCount)
                {
                    row = vuId - 1;
                    return true;
                }

                break;
        }

        row = -1;
        return false;
    }

    /// <summary>
    /// What to tell the user when <see cref="TryTake"/> returned false for <paramref name="vuId"/>:
    /// the rule, the numbers and the fix, for example
    /// <c>data 'users' ran out after 1000 rows (sequential hands out each row once; …)</c>.
    /// </summary>
    /// <param name="dataName">The name the scenario file gives the data, for example <c>users</c>.</param>
    /// <param name="vuId">The VU that got no row.</param>
    public string NoRowMessage(string dataName, int vuId)
    {
        ArgumentNullException.ThrowIfNull(dataName);
        var rows = _rowCount == 1 ? "1 row" : $"{_rowCount} rows";
        return Strategy switch
        {
            DataStrategy.Sequential =>
                $"data '{dataName}' ran out after {rows} of {Table.Source} (sequential hands out each row once; " +
                "add rows, shorten the test, or use circular to start again at the first row)",
            DataStrategy.UniquePerVu =>
                $"data '{dataName}' has {rows} but VU {vuId} needs row {vuId} (unique-per-vu gives each VU its own row; " +
                $"{Table.Source} needs at least as many rows as the test has VUs, or use at most {_rowCount} VUs)",
            _ => $"data '{dataName}' always has a row with {DataStrategies.Name(Strategy)}",
        };
    }

    /// <summary>Row for the n-th take (1-based) of a seeded random feeder: SplitMix64 of the seeded sequence, scaled to the row count.</summary>
    private int SeededRow(ulong n)
    {
        var x = Mix(_seed + (n * 0x9E3779B97F4A7C15UL));

        // The high half of x * rowCount is uniform on [0, rowCount) up to a bias of rowCount / 2^64.
        return (int)Math.BigMul(x, (ulong)_rowCount, out _);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static void ThrowBadVuId(int vuId) =>
        throw new ArgumentOutOfRangeException(nameof(vuId), vuId, "VU ids start at 1");
}

namespace Stampede.Scenarios.Data;

/// <summary>
/// One data file loaded into memory once and shared read-only by all VUs: named columns and rows of
/// string cells. Loading checks the whole file and reports the first problem with its line and column
/// (<see cref="DataFileException"/>); a table that loads always has at least one column and one row.
/// </summary>
/// <remarks>
/// Cells are plain strings kept in chunks of rows, with repeated values of a column stored once; a
/// partition (<see cref="Partition"/>) shares the cells of the table it was cut from.
/// </remarks>
public sealed class DataTable
{
    private readonly string[] _columns;
    private readonly Dictionary<string, int> _columnIndex;
    private readonly RowStore _store;
    private readonly int _firstRow;

    private DataTable(string source, string[] columns, Dictionary<string, int> columnIndex, RowStore store, int firstRow, int rowCount)
    {
        Source = source;
        _columns = columns;
        Columns = Array.AsReadOnly(columns);
        _columnIndex = columnIndex;
        _store = store;
        _firstRow = firstRow;
        RowCount = rowCount;
    }

    /// <summary>The file path as given to the loader, for messages.</summary>
    public string Source { get; }

    /// <summary>Column names in file order (CSV header order; for JSON, keys in first-seen order).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Data rows (the CSV header is not a row). At least 1.</summary>
    public int RowCount { get; }

    /// <summary>
    /// Index in the source file of this table's first row: 0 for a loaded table, the start of the slice
    /// for a <see cref="Partition"/>. Row <c>r</c> of this table is data row <c>FirstRow + r</c> of the file.
    /// </summary>
    public int FirstRow => _firstRow;

    /// <summary>The cell at <paramref name="row"/> (0-based) and <paramref name="column"/> (see <see cref="ColumnIndex"/>).
    /// Never null: a missing or empty value is <c>""</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is outside the table.</exception>
    public string this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)RowCount)
            {
                ThrowRowOutOfRange(row);
            }

            if ((uint)column >= (uint)_columns.Length)
            {
                ThrowColumnOutOfRange(column);
            }

            return _store.Get(_firstRow + row, column);
        }
    }

    /// <summary>The index of the column named <paramref name="name"/> (exact, case-sensitive), or -1 when there is none.</summary>
    public int ColumnIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _columnIndex.TryGetValue(name, out var index) ? index : -1;
    }

    /// <summary>
    /// Loads an RFC 4180 CSV file whose first row names the columns. Quoted fields may hold the
    /// delimiter, line breaks and quotes written twice (<c>""</c>); lines end with LF, CRLF or CR; the
    /// file is UTF-8, with or without a byte-order mark. Empty lines are skipped; whitespace is kept.
    /// </summary>
    /// <param name="path">The file; relative paths are resolved against the current directory.</param>
    /// <param name="delimiter">The field separator: <c>,</c> by default, <c>\t</c> for TSV, <c>;</c> for European exports.</param>
    /// <exception cref="DataFileException">The file is missing, unreadable or malformed (the first problem, with its position), or has no data rows.</exception>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is a quote or a line break.</exception>
    public static DataTable LoadCsv(string path, char delimiter = ',')
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"the delimiter cannot be a quote or a line break (got {CsvTableReader.Describe(delimiter)})", nameof(delimiter));
        }

        return CsvTableReader.Read(path, delimiter);
    }

    /// <summary>
    /// Loads a JSON file holding an array of objects, one row per object. Columns are the union of the
    /// keys in first-seen order; a key an object lacks reads as <c>""</c>. Strings are taken as they
    /// are, numbers as their JSON text, <c>true</c>/<c>false</c> as those words, <c>null</c> as
    /// <c>""</c>, nested arrays and objects as their compact JSON text.
    /// </summary>
    /// <param name="path">The file; relative paths are resolved against the current directory.</param>
    /// <exception cref="DataFileException">The file is missing, unreadable, not JSON, not an array of objects, or empty.</exception>
    public static DataTable LoadJson(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return JsonTableReader.Read(path);
    }

    /// <summary>Loads a data file by its extension: <c>.csv</c> (comma), <c>.tsv</c> (tab) or <c>.json</c>, in any case.</summary>
    /// <exception cref="DataFileException">The extension is none of those, or the file cannot be loaded.</exception>
    public static DataTable Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = Path.GetExtension(path);
        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return LoadCsv(path);
        }

        if (extension.Equals(".tsv", StringComparison.OrdinalIgnoreCase))
        {
            return LoadCsv(path, '\t');
        }

        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return LoadJson(path);
        }

        var found = extension.Length == 0 ? "the file name has no extension" : $"unknown extension '{extension}'";
        throw new DataFileException(path, 0, 0, $"cannot tell the data format: {found}",
            "name the file .csv (comma-separated), .tsv (tab-separated) or .json (an array of objects)");
    }

    /// <summary>
    /// The rows of segment <paramref name="index"/> (0-based) when the table is cut into
    /// <paramref name="count"/> contiguous parts of equal size, for distributed runs where each
    /// generator must use rows no other generator uses. Segment <c>i</c> gets rows
    /// <c>[⌊i·n/count⌋, ⌊(i+1)·n/count⌋)</c>, so sizes differ by at most one and together the
    /// segments cover every row exactly once. The partition shares this table's cells.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1, or <paramref name="index"/> is not in [0, count).</exception>
    /// <exception cref="DataFileException">The segment would have no rows (more segments than rows).</exception>
    public DataTable Partition(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var start = (int)((long)RowCount * index / count);
        var end = (int)((long)RowCount * (index + 1) / count);
        if (end == start)
        {
            throw new DataFileException(Source, 0, 0,
                $"segment {index + 1}/{count} gets no rows: {RowCount} data {(RowCount == 1 ? "row is" : "rows are")} split into {count} segments and segments never share rows",
                $"use at most {RowCount} segments, or add rows so every segment has at least one");
        }

        return new DataTable(Source, _columns, _columnIndex, _store, _firstRow + start, end - start);
    }

    /// <summary>Builds a table from loaded columns and rows; the loaders have checked names and counts.</summary>
    internal static DataTable Create(string source, string[] columns, RowStore store)
    {
        var index = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            index.Add(columns[i], i);
        }

        return new DataTable(source, columns, index, store, 0, store.RowCount);
    }

    private void ThrowRowOutOfRange(int row) =>
        throw new ArgumentOutOfRangeException(nameof(row), row, $"'{Source}' has rows 0 to {RowCount - 1} here");

    private void ThrowColumnOutOfRange(int column) =>
        throw new ArgumentOutOfRangeException(nameof(column), column, $"'{Source}' has columns 0 to {_columns.Length - 1}");
}

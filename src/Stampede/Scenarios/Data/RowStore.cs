namespace Stampede.Scenarios.Data;

/// <summary>
/// The cells of a data file, row by row, in chunks of whole rows. Chunks stay under the large-object
/// threshold and are never copied as the file grows, so loading a million rows needs no doubling of
/// one huge array. Immutable once built; partitions share it.
/// </summary>
internal sealed class RowStore
{
    /// <summary>Cells per chunk at most: 8192 references are 64 KiB, under the 85,000-byte large-object threshold.</summary>
    private const int MaxChunkCells = 8192;

    private readonly string[][] _chunks;
    private readonly int _shift;
    private readonly int _mask;

    private RowStore(string[][] chunks, int width, int shift, int rowCount)
    {
        _chunks = chunks;
        Width = width;
        _shift = shift;
        _mask = (1 << shift) - 1;
        RowCount = rowCount;
    }

    /// <summary>Cells per row.</summary>
    public int Width { get; }

    /// <summary>Rows stored.</summary>
    public int RowCount { get; }

    /// <summary>The cell at <paramref name="row"/>, <paramref name="column"/>; the caller has checked both.</summary>
    public string Get(int row, int column) => _chunks[row >> _shift][((row & _mask) * Width) + column];

    /// <summary>Rows per chunk as a power of two, so a row is found with a shift and a mask.</summary>
    internal static int ChunkShift(int width)
    {
        var shift = 0;
        while ((2 << shift) * width <= MaxChunkCells)
        {
            shift++;
        }

        return shift;
    }

    /// <summary>Collects rows of a fixed width; <see cref="Build"/> freezes them.</summary>
    internal sealed class Builder
    {
        private readonly List<string[]> _chunks = [];
        private readonly int _width;
        private readonly int _shift;
        private string[]? _current;
        private int _offset;

        public Builder(int width)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
            _width = width;
            _shift = ChunkShift(width);
        }

        /// <summary>Rows added so far.</summary>
        public int RowCount { get; private set; }

        /// <summary>Appends one row; <paramref name="cells"/> has exactly the width given at construction.</summary>
        public void Add(ReadOnlySpan<string> cells)
        {
            if (cells.Length != _width)
            {
                throw new ArgumentException($"a row has {_width} cells, got {cells.Length}", nameof(cells));
            }

            if (RowCount == int.MaxValue)
            {
                throw new InvalidOperationException($"a data table holds at most {int.MaxValue} rows");
            }

            if (_current is null || _offset == _current.Length)
            {
                _current = new string[_width << _shift];
                _chunks.Add(_current);
                _offset = 0;
            }

            cells.CopyTo(_current.AsSpan(_offset));
            _offset += _width;
            RowCount++;
        }

        /// <summary>The rows as an immutable store; the last chunk is trimmed to the rows it holds.</summary>
        public RowStore Build()
        {
            if (_current is not null && _offset < _current.Length)
            {
                _chunks[^1] = _current.AsSpan(0, _offset).ToArray();
            }

            return new RowStore([.. _chunks], _width, _shift, RowCount);
        }
    }
}

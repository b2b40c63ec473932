using System.Text;
using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

public class DataTablePartitionTests
{
    private static DataTable Numbers(DataTestFiles files, int rows)
    {
        var text = new StringBuilder("n,square\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(i).Append(',').Append(i * i).Append('\n');
        }

        return DataTable.LoadCsv(files.Write("numbers.csv", text.ToString()));
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 3)]
    [InlineData(10, 4)]
    [InlineData(10, 10)]
    [InlineData(1000, 7)]
    [InlineData(5, 2)]
    public void Partition_AllSegments_CoverEveryRowOnceInContiguousSlicesWithinOneOfEachOther(int rows, int count)
    {
        using var files = new DataTestFiles();
        var table = Numbers(files, rows);

        var segments = Enumerable.Range(0, count).Select(i => table.Partition(i, count)).ToList();

        var seen = new List<int>();
        foreach (var segment in segments)
        {
            Assert.Equal(table.Columns, segment.Columns);
            Assert.Equal(table.Source, segment.Source);
            for (var r = 0; r < segment.RowCount; r++)
            {
                var n = int.Parse(segment[r, 0]);
                Assert.Equal(segment.FirstRow + r, n);
                Assert.Equal((n * n).ToString(), segment[r, segment.ColumnIndex("square")]);
                seen.Add(n);
            }
        }

        Assert.Equal(Enumerable.Range(0, rows), seen);
        var sizes = segments.Select(s => s.RowCount).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"sizes {string.Join(",", sizes)}");
    }

    [Fact]
    public void Partition_TenRowsInThree_GivesThreeThreeFour()
    {
        using var files = new DataTestFiles();
        var table = Numbers(files, 10);

        Assert.Equal([3, 3, 4], Enumerable.Range(0, 3).Select(i => table.Partition(i, 3).RowCount));
        Assert.Equal([0, 3, 6], Enumerable.Range(0, 3).Select(i => table.Partition(i, 3).FirstRow));
    }

    [Fact]
    public void Partition_RowsOutsideTheSlice_CannotBeRead()
    {
        using var files = new DataTestFiles();
        var segment = Numbers(files, 10).Partition(1, 2);

        Assert.Equal("5", segment[0, 0]);
        Assert.Equal("9", segment[4, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => segment[5, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => segment[-1, 0]);
    }

    [Fact]
    public void Partition_OfAPartition_SlicesTheSliceAndKeepsFileOffsets()
    {
        using var files = new DataTestFiles();
        var inner = Numbers(files, 20).Partition(1, 2).Partition(1, 2);

        Assert.Equal(15, inner.FirstRow);
        Assert.Equal(["15", "16", "17", "18", "19"], Enumerable.Range(0, inner.RowCount).Select(r => inner[r, 0]));
    }

    [Fact]
    public void Partition_MoreSegmentsThanRows_IsAnErrorWithAHint()
    {
        using var files = new DataTestFiles();
        var table = Numbers(files, 3);

        var ex = Assert.Throws<DataFileException>(() => table.Partition(0, 4));

        Assert.Equal(table.Source, ex.Path);
        Assert.Equal("segment 1/4 gets no rows: 3 data rows are split into 4 segments and segments never share rows", ex.Detail);
        Assert.Equal("use at most 3 segments, or add rows so every segment has at least one", ex.Hint);
        Assert.Equal(1, table.Partition(1, 4).RowCount);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 2)]
    [InlineData(2, 2)]
    public void Partition_IndexOutsideTheSegments_Throws(int index, int count)
    {
        using var files = new DataTestFiles();
        var table = Numbers(files, 10);

        Assert.Throws<ArgumentOutOfRangeException>(() => table.Partition(index, count));
    }
}

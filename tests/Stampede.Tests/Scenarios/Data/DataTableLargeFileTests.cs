using System.Text;
using Stampede.Scenarios.Data;
using Xunit.Abstractions;

namespace Stampede.Tests.Scenarios.Data;

public class DataTableLargeFileTests(ITestOutputHelper output)
{
    [Fact]
    public void LoadCsv_MillionRows_AllocatesAboutTheCellsAndTheirDistinctStringsOnly()
    {
        using var files = new DataTestFiles();
        const int rows = 1_000_000;
        var path = Path.Combine(files.Folder, "million.csv");
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16))
        {
            writer.Write("id,username,password,country\n");
            for (var i = 0; i < rows; i++)
            {
                writer.Write(i);
                writer.Write(",user");
                writer.Write(i);
                writer.Write(",s3cret,");
                writer.Write(i % 4 == 0 ? "FR\n" : "JP\n");
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var table = DataTable.LoadCsv(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(rows, table.RowCount);
        Assert.Equal("999999", table[rows - 1, 0]);
        Assert.Equal("user999999", table[rows - 1, 1]);
        Assert.Equal("JP", table[rows - 1, 3]);

        // What the table must hold: a reference per cell, and the distinct strings: the ids and user
        // names are unique (a string header of 22 bytes plus 2 bytes per character, rounded up to 8),
        // passwords and countries repeat and are held once.
        static long StringSize(int length) => (22 + (2 * length) + 7) / 8 * 8;
        long distinct = 0;
        for (var i = 0; i < rows; i++)
        {
            var digits = i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            distinct += StringSize(digits) + StringSize(4 + digits);
        }

        var cells = 8L * rows * table.Columns.Count;
        var floor = cells + distinct;
        output.WriteLine($"allocated {allocated / 1e6:F1} MB while loading; cells + distinct strings = {floor / 1e6:F1} MB");

        // A 64 KiB read buffer, the pools' sampling dictionaries and chunk bookkeeping fit in 5% more;
        // a string per repeated value, or an object per row, would add at least 32 MB (8%).
        Assert.InRange(allocated, floor, floor * 105 / 100);
        Assert.Same(table[0, 2], table[rows - 1, 2]);
        Assert.Same(table[1, 3], table[rows - 1, 3]);
    }
}

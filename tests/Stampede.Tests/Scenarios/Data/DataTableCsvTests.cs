using System.Text;
using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

public class DataTableCsvTests
{
    [Fact]
    public void LoadCsv_HeaderAndRows_ReadsColumnsAndCellsInFileOrder()
    {
        using var files = new DataTestFiles();
        var path = files.Write("users.csv", "username,password\nalice,a1\nbob,b2\ncarol,c3\n");

        var table = DataTable.LoadCsv(path);

        Assert.Equal(path, table.Source);
        Assert.Equal(["username", "password"], table.Columns);
        Assert.Equal(3, table.RowCount);
        Assert.Equal([["alice", "a1"], ["bob", "b2"], ["carol", "c3"]], DataTestFiles.Rows(table));
        Assert.Equal(1, table.ColumnIndex("password"));
        Assert.Equal(-1, table.ColumnIndex("Password"));
        Assert.Equal(-1, table.ColumnIndex("email"));
    }

    [Fact]
    public void LoadCsv_QuotedFields_UnescapeDoubledQuotesAndKeepDelimitersAndLineBreaks()
    {
        using var files = new DataTestFiles();
        var path = files.Write("q.csv", "id,text,note\n1,\"say \"\"hi\"\"\",\"a,b\"\n2,\"line1\nline2\",\"crlf\r\nkept\"\n3,\"\",\"\"\"\"\n");

        var table = DataTable.LoadCsv(path);

        Assert.Equal(
            [["1", "say \"hi\"", "a,b"], ["2", "line1\nline2", "crlf\r\nkept"], ["3", "", "\""]],
            DataTestFiles.Rows(table));
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\n1,2\n3,4\n")]
    [InlineData("a,b\r1,2\r3,4\r")]
    [InlineData("a,b\n1,2\n3,4")]
    [InlineData("a,b\n1,2\n3,4\n\n\n")]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n\r\n")]
    [InlineData("\n\na,b\n1,2\n\n3,4\n")]
    public void LoadCsv_LineEndingsAndEmptyLines_GiveTheSameRows(string text)
    {
        using var files = new DataTestFiles();

        var table = DataTable.LoadCsv(files.Write("e.csv", text));

        Assert.Equal(["a", "b"], table.Columns);
        Assert.Equal([["1", "2"], ["3", "4"]], DataTestFiles.Rows(table));
    }

    [Fact]
    public void LoadCsv_Utf8ByteOrderMark_IsNotPartOfTheFirstColumnName()
    {
        using var files = new DataTestFiles();
        var path = files.WriteBytes("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("name,city\nJosé,Zürich\n")]);

        var table = DataTable.LoadCsv(path);

        Assert.Equal(0, table.ColumnIndex("name"));
        Assert.Equal("José", table[0, 0]);
        Assert.Equal("Zürich", table[0, 1]);
    }

    [Fact]
    public void LoadCsv_Whitespace_IsKeptAsIs()
    {
        using var files = new DataTestFiles();

        var table = DataTable.LoadCsv(files.Write("w.csv", "a, b\n  x , y\t\n\" q \",   \n"));

        Assert.Equal(["a", " b"], table.Columns);
        Assert.Equal([["  x ", " y\t"], [" q ", "   "]], DataTestFiles.Rows(table));
    }

    [Fact]
    public void LoadCsv_EmptyFieldsAndTrailingDelimiter_AreEmptyStrings()
    {
        using var files = new DataTestFiles();

        var table = DataTable.LoadCsv(files.Write("e.csv", "a,b,c\n,,\n1,,\n,,3\n"));

        Assert.Equal([["", "", ""], ["1", "", ""], ["", "", "3"]], DataTestFiles.Rows(table));
    }

    [Fact]
    public void LoadCsv_QuoteInsideUnquotedField_IsKeptAsACharacter()
    {
        using var files = new DataTestFiles();

        var table = DataTable.LoadCsv(files.Write("q.csv", "size,label\n5\",12\" pipe\n"));

        Assert.Equal([["5\"", "12\" pipe"]], DataTestFiles.Rows(table));
    }

    [Fact]
    public void LoadCsv_OtherDelimiter_SplitsOnItAndKeepsCommas()
    {
        using var files = new DataTestFiles();

        var table = DataTable.LoadCsv(files.Write("eu.csv", "product;price\nwidget;1,50\n\"semi;colon\";2\n"), ';');

        Assert.Equal(["product", "price"], table.Columns);
        Assert.Equal([["widget", "1,50"], ["semi;colon", "2"]], DataTestFiles.Rows(table));
    }

    [Theory]
    [InlineData('"')]
    [InlineData('\n')]
    [InlineData('\r')]
    public void LoadCsv_QuoteOrLineBreakAsDelimiter_IsRejected(char delimiter)
    {
        using var files = new DataTestFiles();
        var path = files.Write("d.csv", "a\n1\n");

        var ex = Assert.Throws<ArgumentException>(() => DataTable.LoadCsv(path, delimiter));

        Assert.Equal("delimiter", ex.ParamName);
    }

    [Fact]
    public void LoadCsv_FieldsLongerThanTheReadBuffer_AreReadWhole()
    {
        using var files = new DataTestFiles();
        var plain = new string('p', 200_000);
        var quoted = string.Concat(Enumerable.Repeat("ab\"\"c,\n", 30_000));
        var path = files.Write("long.csv", $"x,y\n{plain},\"{quoted}\"\nshort,s\n");

        var table = DataTable.LoadCsv(path);

        Assert.Equal(2, table.RowCount);
        Assert.Equal(plain, table[0, 0]);
        Assert.Equal(quoted.Replace("\"\"", "\""), table[0, 1]);
        Assert.Equal("s", table[1, 1]);
    }

    [Fact]
    public void LoadCsv_RepeatedValues_AreStoredOnce()
    {
        using var files = new DataTestFiles();
        var text = new StringBuilder("id,country\n");
        for (var i = 0; i < 10_000; i++)
        {
            text.Append(i).Append(',').Append(i % 2 == 0 ? "France" : "Japan").Append('\n');
        }

        var table = DataTable.LoadCsv(files.Write("c.csv", text.ToString()));

        Assert.Equal(10_000, table.RowCount);
        Assert.Same(table[0, 1], table[9_998, 1]);
        Assert.Same(table[1, 1], table[9_999, 1]);
        Assert.Equal("9999", table[9_999, 0]);
    }

    [Theory]
    [InlineData(3, 5_000)]
    [InlineData(10_000, 2)]
    [InlineData(9_000, 3)]
    public void LoadCsv_ManyColumnsOrRows_EveryCellReadsBack(int columns, int rows)
    {
        using var files = new DataTestFiles();
        var text = new StringBuilder(string.Join(',', Enumerable.Range(0, columns).Select(c => "c" + c))).Append('\n');
        for (var r = 0; r < rows; r++)
        {
            text.AppendJoin(',', Enumerable.Range(0, columns).Select(c => $"{r}.{c}")).Append('\n');
        }

        var table = DataTable.LoadCsv(files.Write("wide.csv", text.ToString()));

        Assert.Equal(columns, table.Columns.Count);
        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns - 1, table.ColumnIndex("c" + (columns - 1)));
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                Assert.Equal($"{r}.{c}", table[r, c]);
            }
        }
    }

    [Fact]
    public void Indexer_OutsideTheTable_Throws()
    {
        using var files = new DataTestFiles();
        var table = DataTable.LoadCsv(files.Write("t.csv", "a,b\n1,2\n"));

        Assert.Throws<ArgumentOutOfRangeException>(() => table[1, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => table[-1, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => table[0, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => table[0, -1]);
    }

    [Theory]
    [InlineData("data.csv", "a,b\n1,2\n", new[] { "1", "2" })]
    [InlineData("DATA.CSV", "a,b\n1,2\n", new[] { "1", "2" })]
    [InlineData("data.tsv", "a\tb\n1,5\t2\n", new[] { "1,5", "2" })]
    [InlineData("data.json", """[{"a": "1", "b": 2}]""", new[] { "1", "2" })]
    public void Load_ByExtension_PicksTheFormat(string name, string text, string[] firstRow)
    {
        using var files = new DataTestFiles();

        var table = DataTable.Load(files.Write(name, text));

        Assert.Equal(["a", "b"], table.Columns);
        Assert.Equal(firstRow, DataTestFiles.Rows(table)[0]);
    }
}

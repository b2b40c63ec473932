using System.Text;
using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

public class DataTableCsvErrorTests
{
    private static DataFileException Error(DataTestFiles files, string text, char delimiter = ',')
    {
        var path = files.Write("bad.csv", text);
        var ex = Assert.Throws<DataFileException>(() => DataTable.LoadCsv(path, delimiter));
        Assert.Equal(path, ex.Path);
        Assert.NotEmpty(ex.Hint);
        Assert.Equal($"{path}:{ex.Line}:{ex.Column}: {ex.Detail} ({ex.Hint})", ex.Message);
        return ex;
    }

    [Fact]
    public void LoadCsv_RowWithTooManyFields_PointsAtTheFirstExtraField()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "id,name\n1,alice\n2,Smith, John\n3,bob\n");

        Assert.Equal((3, 9), (ex.Line, ex.Column));
        Assert.Equal("the row at line 3 has 3 fields but the header (line 1) has 2 columns: id, name", ex.Detail);
        Assert.Contains("quote a value that contains the delimiter ','", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_RowWithTooFewFields_PointsAtTheEndOfTheRow()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "id,name,role\r\n1,alice,admin\r\n2,bob\r\n");

        Assert.Equal((3, 6), (ex.Line, ex.Column));
        Assert.Equal("the row at line 3 has 2 fields but the header (line 1) has 3 columns: id, name, role", ex.Detail);
    }

    [Fact]
    public void LoadCsv_FieldCountErrorAfterAMultiLineField_CountsTheLinesInsideQuotes()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "id,text\n1,\"two\nlines\"\n\n2\n");

        Assert.Equal(5, ex.Line);
        Assert.StartsWith("the row at line 5 has 1 field but", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_UnterminatedQuote_PointsAtWhereTheQuoteOpened()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "id,text\n1,ok\n2,\"never closed\n3,more\n4,rows\n");

        Assert.Equal((3, 3), (ex.Line, ex.Column));
        Assert.Equal("the quoted field that opens here is never closed", ex.Detail);
    }

    [Fact]
    public void LoadCsv_TextAfterClosingQuote_IsAnErrorAtThatCharacter()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "id,text\n1,\"say \"hi\" now\"\n");

        Assert.Equal((2, 9), (ex.Line, ex.Column));
        Assert.StartsWith("unexpected 'h' after the closing quote of the field that opens at line 2, column 3", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("written twice", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_HeaderOnly_HasNoDataRows()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "username,password\n\n");

        Assert.StartsWith("has no data rows: the header (line 1) names username, password", ex.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n")]
    public void LoadCsv_EmptyFile_AsksForAHeader(string text)
    {
        using var files = new DataTestFiles();

        var ex = Error(files, text);

        Assert.Equal((1, 1), (ex.Line, ex.Column));
        Assert.StartsWith("the file is empty", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_EmptyByteOrderMarkOnlyFile_IsEmpty()
    {
        using var files = new DataTestFiles();
        var path = files.WriteBytes("bom.csv", [0xEF, 0xBB, 0xBF]);

        var ex = Assert.Throws<DataFileException>(() => DataTable.LoadCsv(path));

        Assert.StartsWith("the file is empty", ex.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id,,name\n1,2,3\n", 4, "column 2 of the header has no name")]
    [InlineData("id,name,\n1,2,3\n", 9, "column 3 of the header has no name")]
    [InlineData("id, ,name\n1,2,3\n", 4, "column 2 of the header has no name")]
    public void LoadCsv_UnnamedColumn_IsNamedByPosition(string text, int column, string detail)
    {
        using var files = new DataTestFiles();

        var ex = Error(files, text);

        Assert.Equal((1, column), (ex.Line, ex.Column));
        Assert.Equal(detail, ex.Detail);
    }

    [Fact]
    public void LoadCsv_TrailingDelimiterInHeader_HintSaysToRemoveIt()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "id;name;\n1;2;3\n", ';');

        Assert.Contains("if the header ends with ';', remove it", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_DuplicateColumnName_NamesItAndBothPositions()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "id,name,id\n1,2,3\n");

        Assert.Equal((1, 9), (ex.Line, ex.Column));
        Assert.Equal("column name 'id' appears twice in the header (columns 1 and 3)", ex.Detail);
    }

    [Fact]
    public void LoadCsv_InvalidUtf8_PointsAtTheByte()
    {
        using var files = new DataTestFiles();
        var latin1 = Encoding.Latin1.GetBytes("name,city\nJos\u00e9,Paris\n");
        var path = files.WriteBytes("latin1.csv", latin1);

        var ex = Assert.Throws<DataFileException>(() => DataTable.LoadCsv(path));

        Assert.Equal((2, 4), (ex.Line, ex.Column));
        Assert.Equal("the file is not valid UTF-8: byte 0xE9 does not start or continue a character", ex.Detail);
        Assert.Contains("save the file as UTF-8", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_InvalidUtf8FarIntoTheFile_IsLocatedAcrossReadBlocks()
    {
        using var files = new DataTestFiles();
        var text = new StringBuilder("id,word\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(i).Append(",caf\u00e9\n");
        }

        var bytes = new List<byte>(Encoding.UTF8.GetBytes(text.ToString()));
        bytes.AddRange(Encoding.Latin1.GetBytes("bad,caf\u00e9\n"));
        var path = files.WriteBytes("far.csv", [.. bytes]);

        var ex = Assert.Throws<DataFileException>(() => DataTable.LoadCsv(path));

        Assert.Equal((20_002, 8), (ex.Line, ex.Column));
    }

    [Fact]
    public void LoadCsv_Utf16File_HintNamesUtf16()
    {
        using var files = new DataTestFiles();
        var path = files.WriteBytes("u16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("a,b\n1,2\n")]);

        var ex = Assert.Throws<DataFileException>(() => DataTable.LoadCsv(path));

        Assert.Equal((1, 1), (ex.Line, ex.Column));
        Assert.StartsWith("the file looks like UTF-16", ex.Hint, StringComparison.Ordinal);
    }
}

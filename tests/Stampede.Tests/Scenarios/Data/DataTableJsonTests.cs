using System.Text;
using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

public class DataTableJsonTests
{
    [Fact]
    public void LoadJson_ArrayOfObjects_OneRowPerObject()
    {
        using var files = new DataTestFiles();
        var path = files.Write("users.json", """
            [
              { "username": "alice", "password": "a1" },
              { "username": "bob", "password": "b2" }
            ]
            """);

        var table = DataTable.LoadJson(path);

        Assert.Equal(path, table.Source);
        Assert.Equal(["username", "password"], table.Columns);
        Assert.Equal([["alice", "a1"], ["bob", "b2"]], DataTestFiles.Rows(table));
    }

    [Fact]
    public void LoadJson_ValuesOfEveryKind_BecomeTheirDocumentedText()
    {
        using var files = new DataTestFiles();
        var path = files.Write("kinds.json", """
            [{
              "s": "caf\u00e9 \"q\" \\ /",
              "i": 42, "d": 1.50, "e": -2.5E+3, "z": -0,
              "t": true, "f": false, "n": null,
              "a": [ 1, "two" , { "x" : null } ],
              "o": { "k": "v w", "s": "a \" , b" , "nested": [ ] }
            }]
            """);

        var table = DataTable.LoadJson(path);

        string Cell(string column) => table[0, table.ColumnIndex(column)];
        Assert.Equal("café \"q\" \\ /", Cell("s"));
        Assert.Equal("42", Cell("i"));
        Assert.Equal("1.50", Cell("d"));
        Assert.Equal("-2.5E+3", Cell("e"));
        Assert.Equal("-0", Cell("z"));
        Assert.Equal("true", Cell("t"));
        Assert.Equal("false", Cell("f"));
        Assert.Equal("", Cell("n"));
        Assert.Equal("""[1,"two",{"x":null}]""", Cell("a"));
        Assert.Equal("""{"k":"v w","s":"a \" , b","nested":[]}""", Cell("o"));
    }

    [Fact]
    public void LoadJson_DifferentKeys_ColumnsAreTheUnionInFirstSeenOrderAndMissingIsEmpty()
    {
        using var files = new DataTestFiles();
        var path = files.Write("union.json", """[{"b": 1, "a": 2}, {"c": 3}, {"a": 4, "d": 5, "b": 6}]""");

        var table = DataTable.LoadJson(path);

        Assert.Equal(["b", "a", "c", "d"], table.Columns);
        Assert.Equal([["1", "2", "", ""], ["", "", "3", ""], ["6", "4", "", "5"]], DataTestFiles.Rows(table));
    }

    [Fact]
    public void LoadJson_EscapedKeys_AreUnescapedAndMatchTheirPlainSpelling()
    {
        using var files = new DataTestFiles();
        var path = files.Write("keys.json", """[{"us\u0065r": "a"}, {"user": "b"}]""");

        var table = DataTable.LoadJson(path);

        Assert.Equal(["user"], table.Columns);
        Assert.Equal([["a"], ["b"]], DataTestFiles.Rows(table));
    }

    [Fact]
    public void LoadJson_Utf8ByteOrderMark_IsAccepted()
    {
        using var files = new DataTestFiles();
        var path = files.WriteBytes("bom.json", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""[{"city": "Zürich"}]""")]);

        var table = DataTable.LoadJson(path);

        Assert.Equal("Zürich", table[0, 0]);
    }

    [Fact]
    public void LoadJson_LongStrings_AreReadWhole()
    {
        using var files = new DataTestFiles();
        var big = new string('x', 100_000) + "é";

        var table = DataTable.LoadJson(files.Write("big.json", $$"""[{"a": "{{big}}", "b": [ "{{big}}" ]}]"""));

        Assert.Equal(big, table[0, 0]);
        Assert.Equal($"[\"{big}\"]", table[0, 1]);
    }

    [Fact]
    public void LoadJson_RepeatedValues_AreStoredOnce()
    {
        using var files = new DataTestFiles();
        var text = new StringBuilder("[");
        for (var i = 0; i < 1_000; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("{\"id\":").Append(i).Append(",\"plan\":\"").Append(i % 3 == 0 ? "free" : "pro").Append("\"}");
        }

        var table = DataTable.LoadJson(files.Write("r.json", text.Append(']').ToString()));

        Assert.Equal(1_000, table.RowCount);
        Assert.Same(table[1, 1], table[998, 1]);
        Assert.Equal("999", table[999, 0]);
    }
}

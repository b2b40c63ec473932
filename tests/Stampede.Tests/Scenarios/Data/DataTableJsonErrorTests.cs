using System.Text;
using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

public class DataTableJsonErrorTests
{
    private static DataFileException Error(DataTestFiles files, string text)
    {
        var path = files.Write("bad.json", text);
        var ex = Assert.Throws<DataFileException>(() => DataTable.LoadJson(path));
        Assert.Equal(path, ex.Path);
        Assert.NotEmpty(ex.Hint);
        Assert.Equal($"{path}:{ex.Line}:{ex.Column}: {ex.Detail} ({ex.Hint})", ex.Message);
        return ex;
    }

    [Fact]
    public void LoadJson_TopLevelObject_IsNotAnArrayOfRows()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "\n  {\"users\": [{\"a\": 1}]}");

        Assert.Equal((2, 3), (ex.Line, ex.Column));
        Assert.Equal("expected an array of objects at the top level, found an object", ex.Detail);
        Assert.Contains("make that array the whole file", ex.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"text\"", "a string")]
    [InlineData("12", "a number")]
    [InlineData("null", "null")]
    public void LoadJson_TopLevelScalar_NamesWhatWasFound(string text, string kind)
    {
        using var files = new DataTestFiles();

        var ex = Error(files, text);

        Assert.Equal((1, 1), (ex.Line, ex.Column));
        Assert.Equal($"expected an array of objects at the top level, found {kind}", ex.Detail);
    }

    [Fact]
    public void LoadJson_ElementNotAnObject_NamesTheElementAndItsPosition()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "[\n  {\"a\": 1},\n  {\"a\": 2},\n  \"é\", 3\n]");

        Assert.Equal((4, 3), (ex.Line, ex.Column));
        Assert.Equal("element 3 of the array is a string, expected an object", ex.Detail);
    }

    [Fact]
    public void LoadJson_InvalidSyntax_ReportsTheReadersPositionOneBased()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "[\n  {\"a\": 1},\n  {\"a\": 2,}\n]");

        Assert.Equal((3, 11), (ex.Line, ex.Column));
        Assert.Equal("invalid JSON: The JSON object contains a trailing comma at the end which is not supported in this mode.", ex.Detail);
        Assert.Equal("remove the comma after the last value: JSON allows none", ex.Hint);
    }

    [Fact]
    public void LoadJson_InvalidSyntaxAfterWideCharacters_CountsTheColumnInCharacters()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "[{\"名前\": \"太郎\" \"x\": 1}]");

        // The reader reports byte 21 of the line (0-based); the column an editor shows is character 14.
        Assert.Equal((1, 14), (ex.Line, ex.Column));
    }

    [Fact]
    public void LoadJson_ContentAfterTheArray_IsInvalid()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "[{\"a\": 1}]\n[{\"a\": 2}]");

        Assert.Equal((2, 1), (ex.Line, ex.Column));
        Assert.Equal("invalid JSON: '[' is invalid after a single JSON value. Expected end of data.", ex.Detail);
        Assert.StartsWith("the file holds one array of rows", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadJson_UnclosedArray_IsInvalid()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "[{\"a\": 1},\n{\"a\": 2}\n");

        Assert.StartsWith("invalid JSON: ", ex.Detail, StringComparison.Ordinal);
        Assert.True(ex.Line >= 2);
    }

    [Fact]
    public void LoadJson_EmptyArray_HasNoDataRows()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "  [ ]");

        Assert.Equal((1, 3), (ex.Line, ex.Column));
        Assert.Equal("has no data rows: the array is empty", ex.Detail);
    }

    [Fact]
    public void LoadJson_OnlyEmptyObjects_HasNoColumns()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "[{}, {}]");

        Assert.Equal("has no columns: all 2 objects are empty", ex.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    public void LoadJson_EmptyFile_SaysSo(string text)
    {
        using var files = new DataTestFiles();

        var ex = Error(files, text);

        Assert.Equal((1, 1), (ex.Line, ex.Column));
        Assert.StartsWith("the file is empty", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadJson_DuplicateKeyInOneObject_IsAnErrorAtTheSecondKey()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "[{\"id\": 1},\n {\"id\": 2, \"id\": 3}]");

        Assert.Equal((2, 12), (ex.Line, ex.Column));
        Assert.Equal("key 'id' appears twice in element 2", ex.Detail);
    }

    [Fact]
    public void LoadJson_EmptyKey_IsAnError()
    {
        using var files = new DataTestFiles();

        var ex = Error(files, "[{\"a\": 1, \"\": 2}]");

        Assert.Equal((1, 11), (ex.Line, ex.Column));
        Assert.Equal("element 1 has a key with no name", ex.Detail);
    }

    [Fact]
    public void LoadJson_InvalidUtf8InAString_PointsAtTheByte()
    {
        using var files = new DataTestFiles();
        var path = files.WriteBytes("latin1.json", Encoding.Latin1.GetBytes("[\n{\"name\": \"Jos\u00e9\"}]"));

        var ex = Assert.Throws<DataFileException>(() => DataTable.LoadJson(path));

        Assert.Equal((2, 14), (ex.Line, ex.Column));
        Assert.StartsWith("the file is not valid UTF-8", ex.Detail, StringComparison.Ordinal);
    }
}

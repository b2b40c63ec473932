using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

public class DataTableFileErrorTests
{
    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    public void Load_MissingFile_SaysWhereItLooked(string extension)
    {
        using var files = new DataTestFiles();
        var path = Path.Combine(files.Folder, "nope", "users." + extension);

        var ex = Assert.Throws<DataFileException>(() => DataTable.Load(path));

        Assert.Equal(path, ex.Path);
        Assert.Equal((0, 0), (ex.Line, ex.Column));
        Assert.Equal($"file not found (looked for {path})", ex.Detail);
        Assert.Equal($"{path}: {ex.Detail} ({ex.Hint})", ex.Message);
        Assert.Contains("relative path", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_Directory_IsNotAFile()
    {
        using var files = new DataTestFiles();
        var path = Directory.CreateDirectory(Path.Combine(files.Folder, "users.csv")).FullName;

        var ex = Assert.Throws<DataFileException>(() => DataTable.LoadCsv(path));

        Assert.StartsWith("is a directory, not a file", ex.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users.txt", "unknown extension '.txt'")]
    [InlineData("users", "the file name has no extension")]
    [InlineData("users.yaml", "unknown extension '.yaml'")]
    public void Load_UnknownExtension_NamesTheFormatsItKnows(string name, string found)
    {
        using var files = new DataTestFiles();
        var path = files.Write(name, "a,b\n1,2\n");

        var ex = Assert.Throws<DataFileException>(() => DataTable.Load(path));

        Assert.Equal($"cannot tell the data format: {found}", ex.Detail);
        Assert.Contains(".csv", ex.Hint, StringComparison.Ordinal);
        Assert.Contains(".tsv", ex.Hint, StringComparison.Ordinal);
        Assert.Contains(".json", ex.Hint, StringComparison.Ordinal);
    }
}

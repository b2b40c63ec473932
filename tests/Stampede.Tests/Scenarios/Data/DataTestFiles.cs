using System.Text;
using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

/// <summary>A temporary folder of data files for one test, deleted on dispose.</summary>
internal sealed class DataTestFiles : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("stampede-data-");

    public string Folder => _directory.FullName;

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark, exactly (no newline translation).</summary>
    public string Write(string name, string text) => WriteBytes(name, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>A one-column table whose row <c>i</c> holds the text of <c>i</c>.</summary>
    public DataTable Numbers(int rows)
    {
        var text = new StringBuilder("n\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(i).Append('\n');
        }

        return DataTable.LoadCsv(Write($"numbers-{rows}.csv", text.ToString()));
    }

    /// <summary>A one-column table of <paramref name="rows"/> empty cells, built in memory: for tests that only count rows.</summary>
    public static DataTable Blank(int rows)
    {
        var builder = new RowStore.Builder(1);
        string[] row = [""];
        for (var i = 0; i < rows; i++)
        {
            builder.Add(row);
        }

        return DataTable.Create("blank", ["n"], builder.Build());
    }

    /// <summary>Every cell, row by row.</summary>
    public static string[][] Rows(DataTable table)
    {
        var rows = new string[table.RowCount][];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = new string[table.Columns.Count];
            for (var c = 0; c < table.Columns.Count; c++)
            {
                rows[r][c] = table[r, c];
            }
        }

        return rows;
    }
}

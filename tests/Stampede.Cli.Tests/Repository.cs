namespace Stampede.Cli.Tests;

/// <summary>The repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding Stampede.slnx, found upward from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stampede.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Stampede.slnx not found above " + AppContext.BaseDirectory);
    }
}

namespace Stampede.Cli;

/// <summary>The exit codes of DESIGN.md.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int InvalidInput = 2;
    public const int ThresholdsCrossed = 3;
    public const int Aborted = 4;
    public const int Interrupted = 130;

    /// <summary>Reports a bug: one line on stderr, the details in a file, exit 1.</summary>
    public static int Internal(Exception ex, TextWriter error)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stampede-crash-{DateTime.UtcNow:yyyyMMddHHmmss}.txt");
        try
        {
            File.WriteAllText(path, ex.ToString());
        }
        catch (IOException)
        {
            path = "(could not write the details)";
        }
        catch (UnauthorizedAccessException)
        {
            path = "(could not write the details)";
        }

        error.WriteLine($"stampede: internal error: {ex.GetType().Name}: {ex.Message}");
        error.WriteLine($"stampede: this is a bug in Stampede; please report it on the project's issue tracker with the command you ran and the details in {path}");
        return InternalError;
    }
}

using Spectre.Console;

namespace Stampede.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output.</summary>
internal static class CliHarness
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) =>
        await RunAsync(CancellationToken.None, args);

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = Console(output);
        var code = await StampedeApp.RunAsync(args, console, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Starts the CLI in-process; its output so far can be read while it runs.</summary>
    public static (Task<int> Exit, Func<string> Output) Start(CancellationToken cancellationToken, params string[] args)
    {
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        var console = Console(output);
        var exit = Task.Run(() => StampedeApp.RunAsync(args, console, output, cancellationToken), CancellationToken.None);

        // The synchronized writer locks on itself while writing; reading under the same lock sees whole writes.
        return (exit, () =>
        {
            lock (output)
            {
                return text.ToString();
            }
        }
        );
    }

    /// <summary>A plain console (no colour, no ANSI, not interactive) writing to <paramref name="output"/>.</summary>
    public static IAnsiConsole Console(TextWriter output, int width = 200)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return console;
    }
}

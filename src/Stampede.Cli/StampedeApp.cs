using System.CommandLine;
using Spectre.Console;

namespace Stampede.Cli;

/// <summary>Parses and runs a command line; everything the process does, minus signal handling, so tests can call it.</summary>
internal static class StampedeApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        Output.CommandLine.Use(args);
        var root = Commands.Root.Create(console);
        // '@file' is curl's and hey's way to name a body file (-d @body.json), not a response file.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
        {
            var command = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
            await error.WriteLineAsync($"stampede: {parse.Errors[0].Message} (see 'stampede {command}--help')");
            return ExitCodes.InvalidInput;
        }

        try
        {
            var config = new InvocationConfiguration
            {
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
                Output = console.Profile.Out.Writer,
                Error = error,
            };
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (InvalidInputException ex)
        {
            foreach (var line in ex.Message.Split('\n'))
            {
                await error.WriteLineAsync("stampede: " + line.TrimEnd('\r'));
            }

            return ExitCodes.InvalidInput;
        }
#pragma warning disable CA1031 // The last line of defence: say it is a bug and where the details are.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ExitCodes.Internal(ex, error);
        }
    }
}

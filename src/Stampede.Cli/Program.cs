using System.CommandLine;
using System.Runtime.InteropServices;
using Spectre.Console;
using Stampede.Cli.Commands;

namespace Stampede.Cli;

/// <summary>The <c>stampede</c> command.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        RuntimeTuning.Apply();
        var console = AnsiConsole.Console;
        var root = Commands.Root.Create(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !IsHelp(args))
        {
            var command = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
            await Console.Error.WriteLineAsync($"stampede: {parse.Errors[0].Message} (see 'stampede {command}--help')");
            return ExitCodes.InvalidInput;
        }

        using var interrupt = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => Interrupt(ctx, interrupt));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => Interrupt(ctx, interrupt));
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, interrupt.Token);
        }
        catch (InvalidInputException ex)
        {
            await Console.Error.WriteLineAsync("stampede: " + ex.Message.ReplaceLineEndings(Environment.NewLine + "stampede: "));
            return ExitCodes.InvalidInput;
        }
#pragma warning disable CA1031 // The last line of defence: say it is a bug and where the details are.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ExitCodes.Internal(ex);
        }
    }

    private static bool IsHelp(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");

    private static void Interrupt(PosixSignalContext context, CancellationTokenSource interrupt)
    {
        if (interrupt.IsCancellationRequested)
        {
            return; // A second signal ends the process the normal way.
        }

        context.Cancel = true;
        interrupt.Cancel();
    }
}

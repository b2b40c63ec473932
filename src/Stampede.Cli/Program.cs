using System.Runtime.InteropServices;
using Spectre.Console;

namespace Stampede.Cli;

/// <summary>The <c>stampede</c> command.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (RuntimeTuning.RelaunchWithTunedJit(args) is { } exitCode)
        {
            return exitCode;
        }

        RuntimeTuning.DieWithLauncher();
        RuntimeTuning.Apply();
        using var interrupt = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => Interrupt(ctx, interrupt));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => Interrupt(ctx, interrupt));
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected && console.Profile.Width < 140)
        {
            // Logs and CI have no terminal width; tables read better wide than wrapped.
            console.Profile.Width = 140;
        }

        return await StampedeApp.RunAsync(args, console, Console.Error, interrupt.Token);
    }

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

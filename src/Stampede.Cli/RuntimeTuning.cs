using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stampede.Cli;

/// <summary>Runtime settings measured to matter for a load generator (see docs/performance.md).</summary>
internal static partial class RuntimeTuning
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string CallCountingDelay = "DOTNET_TC_CallCountingDelayMs";
    private const string LauncherPid = "STAMPEDE_LAUNCHER_PID";

    /// <summary>
    /// Socket continuations run inline on the epoll threads: the largest single win measured before the
    /// first line was written (×1.6–2.9 requests per CPU-second). The runtime reads this variable when the
    /// socket engine first starts, so setting it before any socket exists is enough. Our continuations
    /// never block, which is the condition for this to be safe. A user's explicit setting wins.
    /// </summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
    }

    /// <summary>
    /// Tiered compilation's call-counting delay (100 ms, restarted by every new method jitted) kept the
    /// hot path in unoptimized tier-0 code for whole runs when the generator saturates its core: 11–12k
    /// requests/s against 31k with the delay at 0 (docs/performance.md). The runtime reads it only at
    /// start-up, so when it is not set the command runs itself again with it set, passing the terminal,
    /// arguments, exit code and SIGTERM through. Returns the child's exit code, or null to run here.
    /// </summary>
    public static int? RelaunchWithTunedJit(string[] args)
    {
        if (Environment.GetEnvironmentVariable(CallCountingDelay) is not null || !OperatingSystem.IsLinux() ||
            Environment.ProcessPath is not { } processPath)
        {
            return null;
        }

        var info = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Started as 'dotnet Stampede.Cli.dll': the child needs the assembly path too.
            info.ArgumentList.Add(typeof(RuntimeTuning).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[CallCountingDelay] = "0";
        info.Environment[LauncherPid] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Cannot start ourselves again (an unusual host): run here, untuned, rather than fail.
            return null;
        }

        using var child = started;
        if (child is null)
        {
            return null;
        }

        // Ctrl+C reaches the whole process group, child included: the parent only waits. A SIGTERM sent
        // to the parent alone (a CI timeout, kill) is passed on so the child can stop gracefully.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _ = Kill(child.Id, SigTerm);
        });
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>
    /// In the child <see cref="RelaunchWithTunedJit"/> started: asks the kernel to SIGKILL this process when the launcher
    /// dies, so <c>kill -9</c> of the pid the user started ends the run as it would without the relaunch (a streamed
    /// interval log keeps its complete lines) instead of leaving it running unseen. The launcher waits on the thread
    /// that started the child, which the kernel watches. If the launcher is already gone, this process ends now.
    /// </summary>
    public static void DieWithLauncher()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(LauncherPid) is not { } text ||
            !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var launcher))
        {
            return;
        }

        // Not passed on to anything this process starts.
        Environment.SetEnvironmentVariable(LauncherPid, null);
        if (Prctl(PrSetPdeathsig, SigKill, 0, 0, 0) == 0 && GetParentPid() != launcher)
        {
            Environment.Exit(128 + SigKill);
        }
    }

    private const int SigTerm = 15;
    private const int SigKill = 9;
    private const int PrSetPdeathsig = 1;

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

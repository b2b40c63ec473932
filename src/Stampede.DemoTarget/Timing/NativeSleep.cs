using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stampede.DemoTarget.Timing;

/// <summary>
/// Short sleeps at µs precision: on Linux <c>nanosleep</c> with the thread's timer slack lowered to 1 ns
/// (the default 50 µs slack, and .NET's millisecond waits, are too coarse for the last stretch before a
/// deadline); elsewhere a yield.
/// </summary>
internal static partial class NativeSleep
{
    private static readonly bool Available = OperatingSystem.IsLinux();

    /// <summary>Lowers the calling thread's timer slack (Linux; no-op elsewhere or when it fails).</summary>
    public static void TuneCurrentThread()
    {
        if (Available)
        {
            try
            {
                _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
    }

    /// <summary>Sleeps about <paramref name="ticks"/> <see cref="Stopwatch"/> ticks.</summary>
    public static void Sleep(long ticks)
    {
        if (Available)
        {
            var nanoseconds = ticks * 1_000_000_000 / Stopwatch.Frequency;
            var spec = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            try
            {
                _ = NanoSleep(ref spec, IntPtr.Zero);
                return;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }

        Thread.Yield();
    }

    private const int PrSetTimerSlack = 29;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep", SetLastError = true)]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}

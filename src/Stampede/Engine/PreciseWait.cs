using System.Runtime.InteropServices;

namespace Stampede.Engine;

/// <summary>
/// Blocks a dedicated pacing thread until a timestamp. With the system clock it sleeps with the
/// kernel's nanosecond sleep (timer slack set to 1 ns on Linux), so releases land tens of µs after
/// the intended time without spinning a core; any other <see cref="TimeProvider"/> (tests) is waited
/// on through its timers.
/// </summary>
internal sealed partial class PreciseWait : IDisposable
{
    private readonly TimeProvider _time;
    private readonly bool _system;
    private readonly ManualResetEventSlim _signal = new(false);
    private static readonly bool UseNanosleep = OperatingSystem.IsLinux();

    public PreciseWait(TimeProvider time)
    {
        _time = time;
        _system = ReferenceEquals(time, TimeProvider.System);
    }

    /// <summary>Lowers the calling thread's timer slack so short sleeps are precise (Linux; no-op elsewhere).</summary>
    public static void TuneCurrentThread()
    {
        if (UseNanosleep)
        {
            try
            {
                _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
            }
            catch (EntryPointNotFoundException)
            {
            }
            catch (DllNotFoundException)
            {
            }
        }
    }

    /// <summary>Waits until <paramref name="timestamp"/>; false when cancelled first.</summary>
    public bool Until(long timestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), timestamp);
            if (remaining <= TimeSpan.Zero)
            {
                return true;
            }

            if (!_system)
            {
                WaitOnTimer(timestamp, remaining, cancellationToken);
                continue;
            }

            // Sleep in slices of at most 50 ms so a cancellation is noticed promptly.
            var slice = remaining > TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : remaining;
            Sleep(slice);
        }
    }

    private void WaitOnTimer(long timestamp, TimeSpan delay, CancellationToken cancellationToken)
    {
        _signal.Reset();
        using var timer = _time.CreateTimer(static s => ((ManualResetEventSlim)s!).Set(), _signal, delay, Timeout.InfiniteTimeSpan);

        // The clock may have moved between reading it and creating the timer, which is then due too late.
        if (_time.GetElapsedTime(_time.GetTimestamp(), timestamp) <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            _signal.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Sleep(TimeSpan duration)
    {
        if (UseNanosleep)
        {
            var ticks = duration.Ticks;
            var spec = new TimeSpec { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100 };
            try
            {
                _ = NanoSleep(ref spec, IntPtr.Zero);
                return;
            }
            catch (DllNotFoundException)
            {
            }
            catch (EntryPointNotFoundException)
            {
            }
        }

        Thread.Sleep(duration < TimeSpan.FromMilliseconds(1) ? TimeSpan.Zero : duration);
    }

    public void Dispose() => _signal.Dispose();

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

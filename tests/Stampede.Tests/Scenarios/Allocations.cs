namespace Stampede.Tests.Scenarios;

/// <summary>
/// Measures what a call allocates on the calling thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>),
/// averaged over many calls after a warm-up, so one-off costs (a pool's first rent, a regex runner) do not count.
/// </summary>
internal static class Allocations
{
    /// <summary>Less than any object, so an average below <c>expected + Slack</c> means nothing extra per call.</summary>
    public const double Slack = 8;

    /// <summary>Calls made before measuring.</summary>
    public const int WarmUpCalls = 5;

    public static double PerCall(Action action, int calls = 200)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
    }

    /// <summary>The heap size of a string of <paramref name="length"/> characters (header, length, characters, terminator).</summary>
    public static long StringSize(int length) => Align((IntPtr.Size * 2) + 4 + (2 * (length + 1)));

    /// <summary>The heap size of a byte array of <paramref name="length"/> bytes.</summary>
    public static long ByteArraySize(int length) => Align((IntPtr.Size * 3) + length);

    private static long Align(long size) => (size + IntPtr.Size - 1) / IntPtr.Size * IntPtr.Size;
}

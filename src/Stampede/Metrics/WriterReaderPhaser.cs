namespace Stampede.Metrics;

/// <summary>
/// Lets many writers record into a buffer without locks while one reader swaps buffers, as in
/// HdrHistogram's Recorder: a writer pays two uncontended interlocked increments on its own shard;
/// the reader flips the phase and waits only for writers already inside.
/// </summary>
internal sealed class WriterReaderPhaser
{
    private long _startEpoch;
    private long _evenEndEpoch;
    private long _oddEndEpoch = long.MinValue;

    /// <summary>Enters a write; pass the returned value to <see cref="WriterExit"/>.</summary>
    public long WriterEnter() => Interlocked.Increment(ref _startEpoch) - 1;

    /// <summary>Leaves a write.</summary>
    public void WriterExit(long enterValue)
    {
        if (enterValue < 0)
        {
            Interlocked.Increment(ref _oddEndEpoch);
        }
        else
        {
            Interlocked.Increment(ref _evenEndEpoch);
        }
    }

    /// <summary>
    /// Starts a new phase and waits until every writer that entered in the previous one has left.
    /// Only one reader may call this at a time.
    /// </summary>
    public void FlipPhase()
    {
        var nextPhaseIsEven = Volatile.Read(ref _startEpoch) < 0;
        var initialStartValue = nextPhaseIsEven ? 0 : long.MinValue;
        if (nextPhaseIsEven)
        {
            Volatile.Write(ref _evenEndEpoch, initialStartValue);
        }
        else
        {
            Volatile.Write(ref _oddEndEpoch, initialStartValue);
        }

        var startValueAtFlip = Interlocked.Exchange(ref _startEpoch, initialStartValue);
        var spinner = default(SpinWait);
        while ((nextPhaseIsEven ? Volatile.Read(ref _oddEndEpoch) : Volatile.Read(ref _evenEndEpoch)) != startValueAtFlip)
        {
            spinner.SpinOnce();
        }
    }
}

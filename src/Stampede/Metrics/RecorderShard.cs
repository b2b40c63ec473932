namespace Stampede.Metrics;

/// <summary>One thread's pair of buffers: the active one is written without locks, the other is read.</summary>
internal sealed class RecorderShard
{
    private readonly WriterReaderPhaser _phaser = new();
    private ShardBuffer _active = new();
    private ShardBuffer _inactive = new();

    public long Enter() => _phaser.WriterEnter();

    public void Exit(long token) => _phaser.WriterExit(token);

    public ShardBuffer Active => Volatile.Read(ref _active);

    /// <summary>Swaps buffers, waits for writers still in the old one, and returns it for reading.</summary>
    public ShardBuffer Swap()
    {
        var old = _active;
        _inactive.Reset();
        Volatile.Write(ref _active, _inactive);
        _inactive = old;
        _phaser.FlipPhase();
        return old;
    }
}

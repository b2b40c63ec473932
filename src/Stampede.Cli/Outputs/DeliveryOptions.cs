namespace Stampede.Cli.Outputs;

/// <summary>How a network output batches, retries and gives up. Defaults suit a 1 s interval.</summary>
public sealed record DeliveryOptions
{
    /// <summary>Intervals kept waiting to be sent; when full, the oldest is dropped and counted. Default 600 (ten minutes of 1 s intervals).</summary>
    public int QueueCapacity { get; init; } = 600;

    /// <summary>Most intervals sent in one request when the output is behind. Default 30.</summary>
    public int MaxIntervalsPerRequest { get; init; } = 30;

    /// <summary>Time one request may take before it counts as failed (and is retried). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First back-off after a failed request; it doubles on each failure in a row. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off between two attempts. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time the end of a run waits for what is still queued to be sent; what is left then is dropped and counted. Default 10 s.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock back-off and the flush deadline are measured on. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Checks the values; each error names the option, the value and the rule.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        if (QueueCapacity < 1)
        {
            throw new ArgumentException($"QueueCapacity must be at least 1, got {QueueCapacity}");
        }

        if (MaxIntervalsPerRequest < 1)
        {
            throw new ArgumentException($"MaxIntervalsPerRequest must be at least 1, got {MaxIntervalsPerRequest}");
        }

        if (RequestTimeout <= TimeSpan.Zero || InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff || FlushTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"timeouts must be positive and MaxBackoff ≥ InitialBackoff, got RequestTimeout {RequestTimeout}, InitialBackoff {InitialBackoff}, MaxBackoff {MaxBackoff}, FlushTimeout {FlushTimeout}");
        }
    }
}

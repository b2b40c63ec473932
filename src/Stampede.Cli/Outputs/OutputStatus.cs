using System.Globalization;

namespace Stampede.Cli.Outputs;

/// <summary>What a network output has done so far: printed after a run, readable during it.</summary>
/// <param name="Kind">The output's kind as on the command line (<c>influxdb</c>, <c>prometheus-rw</c>).</param>
/// <param name="Target">Where it sends (credentials removed).</param>
/// <param name="Batches">Requests the target accepted.</param>
/// <param name="Sent">Points (InfluxDB) or samples (Prometheus) the target accepted.</param>
/// <param name="Dropped">Points or samples given up: queue full, rejected by the target, or left at the flush deadline.</param>
/// <param name="Retries">Failed attempts that were retried.</param>
/// <param name="LastError">The latest failure, or null when none happened.</param>
public sealed record OutputStatus(string Kind, string Target, long Batches, long Sent, long Dropped, long Retries, string? LastError)
{
    /// <summary>The unit of <see cref="Sent"/> and <see cref="Dropped"/>: <c>points</c> or <c>samples</c>.</summary>
    public string Unit { get; init; } = "points";

    /// <summary>
    /// One line for the end of a run, e.g. <c>influxdb http://127.0.0.1:8086/k6: 61 batches, 4,210 points sent, 0 dropped</c>,
    /// followed by the retries and the last error when there were any.
    /// </summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var line = string.Create(c, $"{Kind} {Target}: {Batches:N0} batches, {Sent:N0} {Unit} sent, {Dropped:N0} dropped");
        if (Retries > 0)
        {
            line += string.Create(c, $", {Retries:N0} retries");
        }

        return LastError is null ? line : $"{line}; last error: {LastError}";
    }
}

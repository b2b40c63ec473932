namespace Stampede.Cli.Outputs;

/// <summary>The network outputs by the kind written before <c>=</c> in <c>--out KIND=URL</c>.</summary>
public static class NetworkOutputs
{
    /// <summary>The kinds this class creates: <c>influxdb</c>, <c>prometheus-rw</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["influxdb", "prometheus-rw"];

    /// <summary>Checks <paramref name="url"/> for <paramref name="kind"/> before the run, as <see cref="Create"/> would.</summary>
    /// <exception cref="InvalidInputException">The URL does not fit the kind; the message says the form expected.</exception>
    internal static void Check(string kind, string url)
    {
        switch (kind)
        {
            case "influxdb":
                InfluxDbOutput.Parse(url);
                break;
            case "prometheus-rw":
                PrometheusRemoteWriteOutput.Parse(url);
                break;
            default:
                throw new ArgumentException($"'{kind}' is not a network output", nameof(kind));
        }
    }

    /// <summary>
    /// Creates the output for <paramref name="kind"/> and its URL, or returns null when the kind is not a network
    /// output (so the caller can try its other kinds: <c>json</c>, a results file…).
    /// </summary>
    /// <exception cref="InvalidInputException">The URL does not fit the kind; the message says the form expected.</exception>
    public static BatchingOutput? Create(string kind, string url, DeliveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(url);
        return kind switch
        {
            "influxdb" => new InfluxDbOutput(url, options),
            "prometheus-rw" => new PrometheusRemoteWriteOutput(url, options),
            _ => null,
        };
    }
}

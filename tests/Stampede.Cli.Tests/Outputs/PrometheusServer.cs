using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>
/// A real Prometheus (Debian <c>prometheus</c>) on 127.0.0.1 with the remote-write receiver on, its TSDB in a
/// temporary directory, optionally scraping one target every second.
/// </summary>
internal sealed class PrometheusServer : ExternalServer
{
    private const string Binary = "/usr/bin/prometheus";

    public Uri WriteUrl => new(BaseUrl, "api/v1/write");

    /// <summary>Starts Prometheus; with <paramref name="scrape"/> (host:port), it scrapes <c>/metrics</c> there as job <c>stampede</c>.</summary>
    public static async Task<PrometheusServer> StartAsync(string? scrape = null)
    {
        var server = new PrometheusServer();
        try
        {
            var config = Path.Combine(server.Directory, "prometheus.yml");
            var jobs = scrape is null ? "" : $"""
                scrape_configs:
                  - job_name: stampede
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    static_configs:
                      - targets: ["{scrape}"]
                """;
            await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1m\n" + jobs);
            await server.StartAsync(Binary, "prometheus",
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(server.Directory, "data")}",
                $"--web.listen-address=127.0.0.1:{server.Port}",
                "--web.enable-remote-write-receiver",
                "--log.level=warn",
            ], "-/ready", HttpStatusCode.OK);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query: each result's labels (by <paramref name="by"/>, joined by '|') and value.</summary>
    public async Task<Dictionary<string, double>> QueryAsync(string query, DateTimeOffset? at, params string[] by)
    {
        var url = $"api/v1/query?query={Uri.EscapeDataString(query)}" +
            (at is { } time ? "&time=" + (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) : "");
        var text = await Http.GetStringAsync(new Uri(BaseUrl, url));
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var metric = entry.GetProperty("metric");
            var key = string.Join('|', by.Select(b => metric.TryGetProperty(b, out var v) ? v.GetString() : ""));
            values[key] = double.Parse(entry.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }

        return values;
    }

    /// <summary>
    /// Every series a selector matches now, keyed as the exposition writes them (<c>name{a="x",le="0.5"}</c>, labels
    /// sorted, <c>le</c> last, <c>job</c> and <c>instance</c> left out), with their values.
    /// </summary>
    public async Task<Dictionary<string, double>> SeriesAsync(string selector)
    {
        var text = await Http.GetStringAsync(new Uri(BaseUrl, $"api/v1/query?query={Uri.EscapeDataString(selector)}"));
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = entry.GetProperty("metric").EnumerateObject()
                .Where(l => l.Name is not ("__name__" or "job" or "instance" or "le"))
                .OrderBy(l => l.Name, StringComparer.Ordinal)
                .Select(l => $"{l.Name}=\"{l.Value.GetString()}\"")
                .ToList();
            var metric = entry.GetProperty("metric");
            if (metric.TryGetProperty("le", out var le))
            {
                labels.Add($"le=\"{le.GetString()}\"");
            }

            var key = metric.GetProperty("__name__").GetString() + (labels.Count == 0 ? "" : "{" + string.Join(',', labels) + "}");
            series[key] = double.Parse(entry.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }

        return series;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"prometheus on {BaseUrl}");
}

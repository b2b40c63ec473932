using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>A real InfluxDB 1.x (Debian <c>influxdb</c>) on 127.0.0.1, its data in a temporary directory.</summary>
internal sealed class InfluxDbServer : ExternalServer
{
    private const string Binary = "/usr/bin/influxd";

    public static async Task<InfluxDbServer> StartAsync()
    {
        var server = new InfluxDbServer();
        try
        {
            var config = Path.Combine(server.Directory, "influxdb.conf");
            await File.WriteAllTextAsync(config, $"""
                reporting-disabled = true
                bind-address = "127.0.0.1:{FreePort()}"
                [meta]
                  dir = "{server.Directory}/meta"
                [data]
                  dir = "{server.Directory}/data"
                  wal-dir = "{server.Directory}/wal"
                  query-log-enabled = false
                [monitor]
                  store-enabled = false
                [http]
                  bind-address = "127.0.0.1:{server.Port}"
                  log-enabled = false
                [continuous_queries]
                  enabled = false
                [logging]
                  level = "warn"
                """);
            await server.StartAsync(Binary, "influxdb", ["-config", config], "ping", HttpStatusCode.NoContent);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task CreateDatabaseAsync(string name) =>
        await QueryAsync(null, $"CREATE DATABASE \"{name}\"", HttpMethod.Post);

    /// <summary>Runs an InfluxQL query and returns its first result.</summary>
    public async Task<JsonElement> QueryAsync(string? database, string query, HttpMethod? method = null)
    {
        var url = new Uri(BaseUrl, "query" + (database is null ? "" : $"?db={Uri.EscapeDataString(database)}"));
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("q", query)]),
        };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"InfluxDB answered {(int)response.StatusCode} to {query}: {text}");
        var result = JsonDocument.Parse(text).RootElement.GetProperty("results")[0].Clone();
        Assert.False(result.TryGetProperty("error", out var error), $"InfluxDB: {error} for {query}");
        return result;
    }

    /// <summary>A <c>SELECT sum(...) ... GROUP BY</c> as a map from the group's tag values (joined by '|') to the sum.</summary>
    public async Task<Dictionary<string, double>> SumsAsync(string database, string field, string measurement, params string[] groupBy)
    {
        var group = groupBy.Length == 0 ? "" : " GROUP BY " + string.Join(',', groupBy.Select(g => $"\"{g}\""));
        var result = await QueryAsync(database, $"SELECT sum(\"{field}\") FROM \"{measurement}\"{group}");
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!result.TryGetProperty("series", out var series))
        {
            return sums;
        }

        foreach (var entry in series.EnumerateArray())
        {
            var key = string.Join('|', groupBy.Select(g =>
                entry.TryGetProperty("tags", out var tags) && tags.TryGetProperty(g, out var v) ? v.GetString() : ""));
            sums[key] = entry.GetProperty("values")[0][1].GetDouble();
        }

        return sums;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"influxd on {BaseUrl}");
}

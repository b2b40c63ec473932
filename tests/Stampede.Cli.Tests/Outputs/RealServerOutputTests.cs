using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stampede.Cli.Outputs;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;
using Stampede.Scenarios;
using Xunit.Abstractions;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>
/// Issue 5's done-when: a real InfluxDB and a real Prometheus, started here on 127.0.0.1, hold series whose totals
/// match the results file of the same run; a real Prometheus scraping <c>/metrics</c> holds the state's series.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class RealServerOutputTests(DemoTargetFixture target, ITestOutputHelper log)
{
    private const string Database = "k6";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_WithInfluxDbRemoteWriteAndScrape_ServersHoldTheResultsFileTotals()
    {
        var state = new PrometheusState();
        await using var metrics = await StartMetricsAppAsync(state);
        await using var influx = await InfluxDbServer.StartAsync();
        await influx.CreateDatabaseAsync(Database);
        await using var prometheus = await PrometheusServer.StartAsync(scrape: $"127.0.0.1:{metrics.Port}");
        await using var influxOutput = new InfluxDbOutput(new Uri(influx.BaseUrl, Database).ToString());
        await using var remoteWrite = new PrometheusRemoteWriteOutput(prometheus.WriteUrl.ToString());

        var run = await new Runner(Plan(), new RunnerOptions { Sinks = [influxOutput, remoteWrite, state] }).RunAsync().WaitAsync(Patience);
        var path = Path.Combine(influx.Directory, "results.json");
        ResultsFile.Write(run, path);
        var result = ResultsFile.Read(path);

        // Both outputs sent everything before the run returned.
        Assert.True(influxOutput.Status is { Dropped: 0, LastError: null, Sent: > 0 }, influxOutput.Status.ToString());
        Assert.True(remoteWrite.Status is { Dropped: 0, LastError: null, Sent: > 0 }, remoteWrite.Status.ToString());

        var requests = ByNameAndStatus(result);
        log.WriteLine(influxOutput.Status.ToString());
        log.WriteLine(remoteWrite.Status.ToString());
        log.WriteLine(string.Join(", ", requests.Select(r => $"{r.Key}: {r.Value}")));
        Assert.True(requests.Count >= 3, "the plan makes 200, 404 and 500 responses");
        var failed = Sum(result, BuiltinMetrics.HttpReqFailed);
        var checks = Sum(result, BuiltinMetrics.Checks);
        Assert.True(failed.Passes > 0 && checks.Fails > 0, "the plan makes failures and failed checks");
        var durations = result.Total(BuiltinMetrics.HttpReqDuration)!.Count;

        // InfluxDB: the per-interval points add up to the file's totals.
        Assert.Equal(requests, await influx.SumsAsync(Database, "count", "http_reqs", "name", "status"));
        Assert.Equal((double)failed.Passes, (await influx.SumsAsync(Database, "passes", "http_req_failed"))[""]);
        Assert.Equal((double)failed.Fails, (await influx.SumsAsync(Database, "fails", "http_req_failed"))[""]);
        Assert.Equal((double)checks.Passes, (await influx.SumsAsync(Database, "passes", "checks"))[""]);
        Assert.Equal((double)checks.Fails, (await influx.SumsAsync(Database, "fails", "checks"))[""]);
        Assert.Equal((double)durations, (await influx.SumsAsync(Database, "count", "http_req_duration"))[""]);

        // Prometheus remote write (series without a job label): the last cumulative samples are the file's totals.
        Assert.Equal(requests, await prometheus.QueryAsync("sum by (name,status) (stampede_http_reqs_total{job=\"\"})", null, "name", "status"));
        Assert.Equal((double)failed.Passes, Single(await prometheus.QueryAsync("sum(stampede_http_req_failed_total{job=\"\"})", null)));
        Assert.Equal((double)(failed.Passes + failed.Fails), Single(await prometheus.QueryAsync("sum(stampede_http_req_failed_samples_total{job=\"\"})", null)));
        Assert.Equal((double)checks.Passes, Single(await prometheus.QueryAsync("sum(stampede_checks_total{job=\"\"})", null)));
        Assert.Equal((double)(checks.Passes + checks.Fails), Single(await prometheus.QueryAsync("sum(stampede_checks_samples_total{job=\"\"})", null)));
        Assert.Equal((double)durations, Single(await prometheus.QueryAsync("sum(stampede_http_req_duration_seconds_count{job=\"\"})", null)));

        // Remote write and /metrics are fed the same intervals: every remote-written series equals the state's.
        var expected = Exposed(state);
        Assert.Equal(expected, await prometheus.SeriesAsync("{__name__=~\"stampede_.+\",job=\"\"}"));

        // Scrape: once Prometheus has scraped the final state, it holds exactly the state's series.
        var scraped = await WaitForAsync(() => prometheus.SeriesAsync("{__name__=~\"stampede_.+\",job=\"stampede\"}"), expected);
        Assert.Equal(expected, scraped);
        Assert.Equal(requests, await prometheus.QueryAsync("sum by (name,status) (stampede_http_reqs_total{job=\"stampede\"})", null, "name", "status"));

        // Every query of the Grafana dashboards runs on these servers and finds data.
        foreach (var (panel, query) in GrafanaDashboards.Queries(GrafanaDashboards.Load(GrafanaDashboards.InfluxDb), "query"))
        {
            var data = await influx.QueryAsync(Database, GrafanaDashboards.ForInflux(query));
            Assert.True(data.TryGetProperty("series", out _), $"InfluxDB dashboard panel '{panel}': no data for {query}");
        }

        foreach (var (panel, query) in GrafanaDashboards.Queries(GrafanaDashboards.Load(GrafanaDashboards.Prometheus), "expr"))
        {
            Assert.True((await prometheus.QueryAsync(GrafanaDashboards.ForPrometheus(query), null)).Count > 0,
                $"Prometheus dashboard panel '{panel}': no data for {query}");
        }
    }

    [Fact]
    public async Task Run_ToAnInfluxDbDatabaseThatDoesNotExist_ReportsTheErrorAndCountsEveryPointDropped()
    {
        await using var influx = await InfluxDbServer.StartAsync();
        await using var output = new InfluxDbOutput(new Uri(influx.BaseUrl, "missing").ToString());

        var run = await new Runner(Plan(duration: "1s"), new RunnerOptions { Sinks = [output] }).RunAsync().WaitAsync(Patience);

        var status = output.Status;
        Assert.Equal(0, status.Sent);
        Assert.True(status.Dropped >= run.Series.Count, status.ToString());
        Assert.Equal(0, status.Retries);
        Assert.Contains("HTTP 404", status.LastError, StringComparison.Ordinal);
        Assert.Contains("database not found", status.LastError, StringComparison.Ordinal);
    }

    private TestPlan Plan(string duration = "3s") => ScenarioLoader.Parse($$"""
        options:
          baseUrl: {{target.BaseUrl}}
        scenarios:
          outputs:
            executor: constant-vus
            vus: 2
            duration: {{duration}}
            flow:
              - request: { name: health, url: /health, check: [ { status: 200 } ] }
              - request: { name: flaky, url: "/api/flaky?p=0.3", check: [ { status: 200 } ] }
              - request: { name: missing, url: /api/items/0 }
              - think: 20ms
        """, "outputs.yaml", new ScenarioLoadOptions { BaseDirectory = Path.GetTempPath() });

    // The same through the command line, as users write it: --out influxdb=… and prometheus-rw=… beside the results file.
    [Fact]
    public async Task Attack_WithOutOptions_ServersHoldTheResultsFileTotalsAndTheCommandReportsDelivery()
    {
        await using var influx = await InfluxDbServer.StartAsync();
        await influx.CreateDatabaseAsync(Database);
        await using var prometheus = await PrometheusServer.StartAsync(scrape: null);
        var results = Path.Combine(influx.Directory, "attack.json");
        var influxUrl = new Uri(influx.BaseUrl, Database).ToString();

        var (code, output, error) = await CliHarness.RunAsync("attack", new Uri(target.BaseUrl, "api/flaky?p=0.2").ToString(), "-c", "2", "--duration", "2s",
            "--out", results, "--out", $"influxdb={influxUrl}", "--out", $"prometheus-rw={prometheus.WriteUrl}", "--quiet");

        Assert.True(code == 0, $"attack exited {code}: {output}{error}");
        Assert.Contains($"output influxdb {influxUrl}: ", output, StringComparison.Ordinal);
        Assert.Contains(", 0 dropped", output, StringComparison.Ordinal);
        Assert.Contains($"output prometheus-rw {prometheus.WriteUrl}: ", output, StringComparison.Ordinal);
        var result = ResultsFile.Read(results);
        var requests = ByNameAndStatus(result);
        Assert.True(requests.Count == 2, $"flaky answers 200 and 500: {string.Join(", ", requests.Keys)}");
        Assert.Equal(requests, await influx.SumsAsync(Database, "count", "http_reqs", "name", "status"));
        Assert.Equal(requests, await prometheus.QueryAsync("sum by (name,status) (stampede_http_reqs_total{job=\"\"})", null, "name", "status"));
        Assert.DoesNotContain(result.Generator.Warnings, w => w.StartsWith("output ", StringComparison.Ordinal));
    }

    private static Dictionary<string, double> ByNameAndStatus(RunResult result) => result.Metrics
        .Where(m => m.Metric.Name == BuiltinMetrics.HttpReqs.Name)
        .GroupBy(m => $"{m.Tags["name"]}|{m.Tags["status"]}")
        .ToDictionary(g => g.Key, g => g.Sum(m => m.Sum));

    private static MetricAggregate Sum(RunResult result, MetricDefinition metric) => result.Total(metric)
        ?? throw new InvalidOperationException($"no {metric.Name} in the results file");

    private static double Single(Dictionary<string, double> values) => Assert.Single(values).Value;

    /// <summary>The state's exposition text as series keys (<c>name{a="x",le="y"}</c>) and values.</summary>
    private static Dictionary<string, double> Exposed(PrometheusState state)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        state.WriteText(writer);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith('#'))
            {
                var space = line.LastIndexOf(' ');
                series[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return series;
    }

    private static async Task<Dictionary<string, double>> WaitForAsync(Func<Task<Dictionary<string, double>>> read, Dictionary<string, double> expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = await read();
        while (DateTime.UtcNow < deadline && !(last.Count == expected.Count && !last.Except(expected).Any()))
        {
            await Task.Delay(200);
            last = await read();
        }

        return last;
    }

    private static async Task<MetricsApp> StartMetricsAppAsync(PrometheusState state)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        MetricsEndpoint.Map(app, state);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return new MetricsApp(app, address.Port);
    }

    private sealed record MetricsApp(WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}

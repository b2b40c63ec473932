using System.Globalization;
using System.Text;
using System.Text.Json;
using Stampede.Cli.Outputs;
using Stampede.Metrics;

namespace Stampede.Cli.Tests.Outputs;

/// <summary>The dashboards parse, use their data-source variable, and ask only for what the outputs write.</summary>
public class GrafanaDashboardTests
{
    [Theory]
    [InlineData(GrafanaDashboards.InfluxDb, "influxdb")]
    [InlineData(GrafanaDashboards.Prometheus, "prometheus")]
    public void Dashboard_EveryPanel_UsesTheDataSourceVariableOfItsKind(string file, string kind)
    {
        var dashboard = GrafanaDashboards.Load(file);

        var variable = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == "datasource");
        Assert.Equal(("datasource", kind), (variable.GetProperty("type").GetString(), variable.GetProperty("query").GetString()));
        var panels = dashboard.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 6, $"{file}: {panels.Count} panels");
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
            Assert.All(panel.GetProperty("targets").EnumerateArray(), t =>
                Assert.Equal((kind, "${datasource}"), (t.GetProperty("datasource").GetProperty("type").GetString(), t.GetProperty("datasource").GetProperty("uid").GetString())));
            Assert.False(string.IsNullOrWhiteSpace(title));
        }
    }

    [Fact]
    public void InfluxDbDashboard_EveryQuery_ReadsMeasurementsAndFieldsTheOutputWrites()
    {
        var written = WrittenInflux();
        var queries = GrafanaDashboards.Queries(GrafanaDashboards.Load(GrafanaDashboards.InfluxDb), "query");

        Assert.NotEmpty(queries);
        foreach (var (panel, query) in queries)
        {
            var measurement = Assert.Single(GrafanaDashboards.Measurement().Matches(query)).Groups[1].Value;
            Assert.True(written.TryGetValue(measurement, out var fields), $"panel '{panel}' reads measurement '{measurement}', which the output never writes");
            var used = GrafanaDashboards.Field().Matches(query).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(used);
            Assert.All(used, f => Assert.True(fields.Contains(f), $"panel '{panel}' reads field '{f}' of '{measurement}', which has only {string.Join(", ", fields)}"));
        }
    }

    [Fact]
    public void PrometheusDashboard_EveryQuery_ReadsMetricsTheOutputsWrite()
    {
        var written = WrittenPrometheus();
        var dashboard = GrafanaDashboards.Load(GrafanaDashboards.Prometheus);
        var queries = GrafanaDashboards.Queries(dashboard, "expr");
        queries.AddRange(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v => ("variable " + v.GetProperty("name").GetString(), v.GetProperty("definition").GetString()!)));

        Assert.NotEmpty(queries);
        foreach (var (panel, query) in queries)
        {
            var metrics = GrafanaDashboards.PrometheusMetric().Matches(query).Select(m => m.Value).ToList();
            Assert.NotEmpty(metrics);
            Assert.All(metrics, m => Assert.True(written.Contains(m), $"'{panel}' queries {m}, which no output writes"));
        }
    }

    [Fact]
    public void PrometheusDashboard_ATypoInAMetricName_IsCaught()
    {
        var written = WrittenPrometheus();

        Assert.DoesNotContain("stampede_http_requests_total", written);
        Assert.Contains("stampede_http_req_duration_seconds_bucket", written);
    }

    /// <summary>An interval holding every built-in metric, with tags, errors and generator health.</summary>
    private static IntervalSnapshot Everything()
    {
        var metrics = new List<MetricAggregate>();
        foreach (var metric in BuiltinMetrics.ByName.Values)
        {
            var aggregate = new MetricAggregate(metric, metric.Type == MetricType.Gauge ? TagSet.Empty : TagSet.Of(("name", "n"), ("status", "200")));
            switch (metric.Type)
            {
                case MetricType.Counter:
                    aggregate.AddCount(1);
                    break;
                case MetricType.Rate:
                    aggregate.AddRate(true);
                    break;
                case MetricType.Gauge:
                    aggregate.SetGauge(1);
                    break;
                case MetricType.Trend:
                    aggregate.AddTrend(1000);
                    break;
            }

            metrics.Add(aggregate);
        }

        return new IntervalSnapshot
        {
            Offset = TimeSpan.Zero,
            Length = TimeSpan.FromSeconds(1),
            Time = Snapshots.Time,
            Metrics = metrics.ToDictionary(m => m.Key),
            Errors = new Dictionary<ErrorKind, long> { [ErrorKind.Http5xx] = 1 },
            Generator = new GeneratorSample(1, 1, 1, 1, 1, 1),
        };
    }

    private static Dictionary<string, HashSet<string>> WrittenInflux()
    {
        var sb = new StringBuilder();
        LineProtocol.Append(sb, Everything(), 1);
        var written = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            var measurement = parts[0].Split(',')[0];
            written[measurement] = [.. parts[1].Split(',').Select(f => f.Split('=')[0])];
        }

        return written;
    }

    private static HashSet<string> WrittenPrometheus()
    {
        var state = new PrometheusState();
        state.Update(Everything());
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        state.WriteText(writer);
        return [.. writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#')).Select(l => l.Split('{', ' ')[0])];
    }
}

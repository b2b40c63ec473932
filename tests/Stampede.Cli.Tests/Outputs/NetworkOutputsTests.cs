using Stampede.Cli.Outputs;

namespace Stampede.Cli.Tests.Outputs;

public class NetworkOutputsTests
{
    [Fact]
    public async Task Create_InfluxDbUrl_WritesToTheDatabaseAndShowsNoCredentials()
    {
        await using var output = Assert.IsType<InfluxDbOutput>(NetworkOutputs.Create("influxdb", "http://me:s3cret@127.0.0.1:8086/k6"));

        Assert.Equal("k6", output.Database);
        Assert.Equal("influxdb http://127.0.0.1:8086/k6: 0 batches, 0 points sent, 0 dropped", output.Status.ToString());
    }

    [Fact]
    public async Task Create_PrometheusRemoteWriteUrl_CountsSamples()
    {
        await using var output = Assert.IsType<PrometheusRemoteWriteOutput>(NetworkOutputs.Create("prometheus-rw", "http://u:p@127.0.0.1:9090/api/v1/write"));

        Assert.Equal("prometheus-rw http://127.0.0.1:9090/api/v1/write: 0 batches, 0 samples sent, 0 dropped", output.Status.ToString());
    }

    [Fact]
    public void Create_OtherKind_ReturnsNull() => Assert.Null(NetworkOutputs.Create("json", "x.ndjson"));

    [Theory]
    [InlineData("influxdb", "127.0.0.1:8086/k6", "is not an http:// or https:// URL")]
    [InlineData("influxdb", "http://127.0.0.1:8086", "the URL's path must be the database name alone, found '/'")]
    [InlineData("influxdb", "http://127.0.0.1:8086/a/b", "found '/a/b'")]
    [InlineData("influxdb", "http://127.0.0.1:8086/k6?precision=s", "takes no query")]
    [InlineData("prometheus-rw", "ftp://127.0.0.1/api/v1/write", "is not an http:// or https:// URL")]
    [InlineData("prometheus-rw", "http://127.0.0.1:9090", "has no path")]
    public void Create_BadUrl_SaysTheRuleTheValueAndTheForm(string kind, string url, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => NetworkOutputs.Create(kind, url));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"--out {kind}", error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g. " + kind + "=http://127.0.0.1:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("influxdb", "http://me:s3cret@127.0.0.1:8086/a/b")]
    [InlineData("prometheus-rw", "http://me:s3cret@127.0.0.1:9090/")]
    [InlineData("prometheus-rw", "ftp://me:s3cret@127.0.0.1:9090/api/v1/write")]
    public void Create_BadUrlWithCredentials_NeverShowsThePassword(string kind, string url)
    {
        var error = Assert.Throws<InvalidInputException>(() => NetworkOutputs.Create(kind, url));

        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}

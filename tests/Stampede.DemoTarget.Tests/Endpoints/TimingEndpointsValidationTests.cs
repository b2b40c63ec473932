using System.Net;
using System.Text.Json;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests.Endpoints;

public class TimingEndpointsValidationTests(DemoTargetFixture target) : IClassFixture<DemoTargetFixture>
{
    [Theory]
    [InlineData("/api/slow")]
    [InlineData("/api/slow?ms=-1")]
    [InlineData("/api/slow?ms=60001")]
    [InlineData("/api/slow?ms=ten")]
    [InlineData("/api/stall?period=0")]
    [InlineData("/api/stall?period=100&pause=101")]
    [InlineData("/api/stall?pause=-1")]
    [InlineData("/api/stall?period=abc")]
    [InlineData("/api/queue?workers=8")]
    [InlineData("/api/queue?ms=20")]
    [InlineData("/api/queue?ms=-1&workers=8")]
    [InlineData("/api/queue?ms=60001&workers=8")]
    [InlineData("/api/queue?ms=20&workers=0")]
    [InlineData("/api/queue?ms=20&workers=1001")]
    [InlineData("/api/queue?ms=20&workers=eight")]
    public async Task Get_InvalidParameters_Returns400WithJsonError(string pathAndQuery)
    {
        using var response = await target.Client.GetAsync(pathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("must be", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Slow_ZeroMilliseconds_Returns200()
    {
        using var response = await target.Client.GetAsync("/api/slow?ms=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

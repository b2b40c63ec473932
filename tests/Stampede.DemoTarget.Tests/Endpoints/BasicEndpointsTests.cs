using System.Net;
using System.Text.Json;
using Stampede.DemoTarget.Endpoints;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests.Endpoints;

public class BasicEndpointsTests(DemoTargetFixture target) : IClassFixture<DemoTargetFixture>
{
    private readonly HttpClient _client = target.Client;

    [Fact]
    public async Task Root_Get_ReturnsBannerText()
    {
        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("stampede demo target", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_Get_ReturnsStatusOk()
    {
        using var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Flaky_ProbabilityZero_AlwaysSucceeds()
    {
        for (var i = 0; i < 50; i++)
        {
            using var response = await _client.GetAsync("/api/flaky?p=0");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Flaky_ProbabilityOne_AlwaysFails()
    {
        for (var i = 0; i < 50; i++)
        {
            using var response = await _client.GetAsync("/api/flaky?p=1");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("p=-0.1")]
    [InlineData("p=1.5")]
    [InlineData("p=abc")]
    [InlineData("p=NaN")]
    [InlineData("p=0,5")]
    public async Task Flaky_InvalidProbability_Returns400WithJsonError(string query)
    {
        using var response = await _client.GetAsync("/api/flaky?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("p must be", json.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(9_000_000_000)]
    public async Task Items_PositiveId_ReturnsDeterministicItem(long id)
    {
        using var first = await _client.GetAsync($"/api/items/{id}");
        using var second = await _client.GetAsync($"/api/items/{id}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(body, await second.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(body);
        Assert.Equal(id, json.RootElement.GetProperty("id").GetInt64());
        Assert.Equal($"item-{id}", json.RootElement.GetProperty("name").GetString());
        var price = json.RootElement.GetProperty("price").GetDecimal();
        Assert.Equal(BasicEndpoints.PriceOf(id), price);
        Assert.InRange(price, 1m, 100.99m);
    }

    [Fact]
    public async Task Items_DifferentIds_GetDifferentPrices()
    {
        var prices = new HashSet<decimal>();
        for (var id = 1; id <= 20; id++)
        {
            using var json = JsonDocument.Parse(await _client.GetStringAsync($"/api/items/{id}"));
            prices.Add(json.RootElement.GetProperty("price").GetDecimal());
        }

        Assert.True(prices.Count > 15, $"only {prices.Count} distinct prices for 20 ids");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task Items_NotAPositiveInteger_Returns404(string id)
    {
        using var response = await _client.GetAsync($"/api/items/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Reset_Get_ClientSeesConnectionFailure()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync("/api/reset"));

        Assert.IsType<IOException>(error.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task Reset_AfterwardsOtherRequests_StillServed()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync("/api/reset"));

        using var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownPath_Get_Returns404()
    {
        using var response = await _client.GetAsync("/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

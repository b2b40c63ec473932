using System.Net;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests.Endpoints;

public class LimitedEndpointTests
{
    [Fact]
    public async Task Limited_BurstExceeded_Returns429WithRetryAfter()
    {
        // One token per second, so the bucket cannot refill noticeably while the test runs.
        await using var server = await TestHttp.StartLoopbackAsync(new DemoTargetOptions { RateLimitPerSecond = 1, RateLimitBurst = 3 });
        using var client = TestHttp.CreateClient(server.BaseUrl);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await client.GetAsync("/api/limited");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        Assert.NotNull(refused);
        using (refused)
        {
            var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
            Assert.True(int.TryParse(retryAfter, out var seconds), $"Retry-After '{retryAfter}' is not whole seconds");
            Assert.True(seconds >= 1);
            Assert.Contains("rate limit", await refused.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Limited_ConcurrentBurst_AllowsAtMostBurstPlusRefill()
    {
        await using var server = await TestHttp.StartLoopbackAsync(new DemoTargetOptions { RateLimitPerSecond = 1, RateLimitBurst = 5 });
        using var client = TestHttp.CreateClient(server.BaseUrl);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.GetAsync("/api/limited")));
        var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in responses)
        {
            response.Dispose();
        }

        // Five at once, plus at most one refill if the burst of requests straddles a second.
        Assert.InRange(ok, 5, 6);
    }
}

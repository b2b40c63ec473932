using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests.Endpoints;

[Collection(TimingTests.Name)]
public class QueueEndpointTests
{
    [Fact]
    public async Task Queue_SixConcurrentRequestsOnTwoWorkers_AtMostTwoServedAtOnce()
    {
        await using var server = await TestHttp.StartLoopbackAsync();
        using var client = TestHttp.CreateClient(server.BaseUrl);
        await WarmConnectionsAsync(client, 6);
        const int Workers = 2, Milliseconds = 200;

        var sent = Stopwatch.GetTimestamp();
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => GetAsync(client, $"/api/queue?ms={Milliseconds}&workers={Workers}", sent)));

        // A worker's wait never ends early: the k-th answer cannot come before ceil(k / W) service times.
        var done = answers.Select(a => a.ElapsedMs).Order().ToList();
        for (var k = 1; k <= done.Count; k++)
        {
            var floor = Math.Ceiling(k / (double)Workers) * Milliseconds;
            Assert.True(done[k - 1] >= floor, $"answer {k} after {done[k - 1]:F1} ms, before {floor} ms: more than {Workers} served at once");
        }

        Assert.Equal([1L, 2, 3, 4, 5, 6], answers.Select(a => a.Ticket).Order());
        Assert.Equal(Workers, answers.Count(a => a.QueuedMs == 0));
    }

    [Fact]
    public async Task Queue_OneWorker_AnsweredInArrivalOrderEachWaitingLongerThanTheOneBefore()
    {
        await using var server = await TestHttp.StartLoopbackAsync();
        using var client = TestHttp.CreateClient(server.BaseUrl);
        await WarmConnectionsAsync(client, 5);

        var sent = Stopwatch.GetTimestamp();
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => GetAsync(client, "/api/queue?ms=100&workers=1", sent)));

        var byCompletion = answers.OrderBy(a => a.ElapsedMs).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], byCompletion.Select(a => a.Ticket));
        var queued = byCompletion.Select(a => a.QueuedMs).ToList();
        Assert.Equal(0, queued[0]);
        Assert.All(queued.Zip(queued.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"queued {pair.First} then {pair.Second} ms"));
    }

    [Fact]
    public async Task Queue_DifferentWorkerCounts_SeparatePools()
    {
        await using var server = await TestHttp.StartLoopbackAsync();
        using var client = TestHttp.CreateClient(server.BaseUrl);

        var first = await GetAsync(client, "/api/queue?ms=0&workers=3", Stopwatch.GetTimestamp());
        var other = await GetAsync(client, "/api/queue?ms=0&workers=4", Stopwatch.GetTimestamp());
        var again = await GetAsync(client, "/api/queue?ms=0&workers=3", Stopwatch.GetTimestamp());

        Assert.Equal((1L, 1L, 2L), (first.Ticket, other.Ticket, again.Ticket));
    }

    private static async Task WarmConnectionsAsync(HttpClient client, int connections) =>
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => client.GetAsync("/api/slow?ms=50")));

    private static async Task<(double ElapsedMs, long Ticket, double QueuedMs)> GetAsync(HttpClient client, string path, long sent)
    {
        using var response = await client.GetAsync(path);
        var elapsed = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (elapsed, json.RootElement.GetProperty("ticket").GetInt64(), json.RootElement.GetProperty("queuedMs").GetDouble());
    }
}

using System.Net;
using System.Text.Json;
using Stampede.Cli.Dashboard;
using Stampede.Engine;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Reports;
using Stampede.Results;

namespace Stampede.Cli.Tests.Dashboard;

/// <summary>
/// The dashboard's server against the demo target: tests started, changed and stopped through its JSON API as the page
/// does, the change recorded in the results, downloads at any moment, bad commands refused with the rule.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class DashboardServerTests(DemoTargetFixture target)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_UsersThenRaiseThenStop_RunsTheUsersAndRecordsTheChange()
    {
        using var session = DashboardSession.Control(Template(), () => [], "stampede dashboard (test)");
        await using var server = await DashboardServer.StartAsync(DashboardAddress.Parse("127.0.0.1:0", "--listen"), session);
        using var client = new DashboardClient(server.Url);

        var idle = await client.LiveAsync();
        Assert.Equal("idle", idle.GetProperty("state").GetString());
        Assert.True(idle.GetProperty("controls").GetProperty("canStart").GetBoolean());
        Assert.False(idle.TryGetProperty("charts", out _));

        Assert.Equal(204, (await client.PostAsync("/api/start", new { model = "users", users = 2, duration = "2m" })).Status);
        await client.WaitAsync(l => l.GetProperty("state").GetString() == "running" && Requests(l) > 0 && Vus(l) == 2, Wait, "2 users sending");

        var change = await client.PostAsync("/api/change", new { users = 5, spawnRate = 50 });
        Assert.Equal(204, change.Status);
        var raised = await client.WaitAsync(l => Vus(l) == 5, Wait, "5 users");
        Assert.Equal(5, raised.GetProperty("controls").GetProperty("users").GetInt32());
        var before = Requests(raised);

        // A poll from interval N gets only the intervals from N on, continuing the earlier ones.
        var whole = await client.LiveAsync(0);
        var seen = whole.GetProperty("count").GetInt32();
        var lastSeen = whole.GetProperty("charts").GetProperty("t").EnumerateArray().Last().GetDouble();
        var next = await client.WaitAsync(l => l.GetProperty("count").GetInt32() > seen, Wait, "a new interval");
        var tail = await client.LiveAsync(seen);
        var times = tail.GetProperty("charts").GetProperty("t").EnumerateArray().Select(t => t.GetDouble()).ToList();
        Assert.Equal(seen, tail.GetProperty("from").GetInt32());
        Assert.Equal(tail.GetProperty("count").GetInt32() - seen, times.Count);
        Assert.True(times[0] > lastSeen, $"the slice starts at {times[0]} s, after {lastSeen} s");
        Assert.Equal(whole.GetProperty("charts").GetProperty("t").GetArrayLength(), seen);
        Assert.True(next.GetProperty("count").GetInt32() > seen);

        // Downloads work while the test runs: the results so far.
        var midway = ResultsFile.Deserialize(await client.Http.GetStringAsync("/download/results.json"));
        Assert.Equal("running", midway.Run.Outcome);
        Assert.True(midway.Total(BuiltinMetrics.HttpReqs)?.Count >= before);

        Assert.Equal(204, (await client.PostAsync("/api/stop", null)).Status);
        var finished = await client.WaitAsync(l => l.GetProperty("state").GetString() == "finished", Wait, "the stop");
        Assert.Equal("stopped", finished.GetProperty("outcome").GetString());
        Assert.True(finished.GetProperty("controls").GetProperty("canReset").GetBoolean());

        var result = ResultsFile.Deserialize(await client.Http.GetStringAsync("/download/results.json"));
        Assert.Equal("stopped", result.Run.Outcome);
        Assert.Equal(Requests(finished), result.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.True(result.Accounting.Balanced);
        var raise = Assert.Single(result.Changes, c => c.Setting == "vus" && c.To == 5);
        Assert.Equal(2, raise.From);
        Assert.InRange(raise.At, TimeSpan.Zero, result.Run.Duration);
        var charts = finished.GetProperty("charts");
        Assert.Contains(charts.GetProperty("changes").EnumerateArray(), c => c.GetProperty("label").GetString()!.Contains('5', StringComparison.Ordinal));

        var html = await client.Http.GetStringAsync("/download/report.html");
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("stopped", html, StringComparison.Ordinal);
        Assert.StartsWith(LocustCsvReport.StatsHeader, await client.Http.GetStringAsync("/download/stats.csv"), StringComparison.Ordinal);
        Assert.StartsWith(LocustCsvReport.HistoryHeader, await client.Http.GetStringAsync("/download/stats_history.csv"), StringComparison.Ordinal);
        Assert.StartsWith(LocustCsvReport.FailuresHeader, await client.Http.GetStringAsync("/download/failures.csv"), StringComparison.Ordinal);

        Assert.Equal(204, (await client.PostAsync("/api/reset", null)).Status);
        var reset = await client.LiveAsync();
        Assert.Equal("idle", reset.GetProperty("state").GetString());
        Assert.NotEqual(finished.GetProperty("run").GetInt32(), reset.GetProperty("run").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/download/results.json")).StatusCode);
    }

    [Fact]
    public async Task Start_RateThenChangeIt_FollowsTheNewTargetRate()
    {
        using var session = DashboardSession.Control(Template(), () => [], "stampede dashboard (test)");
        await using var server = await DashboardServer.StartAsync(DashboardAddress.Parse("127.0.0.1:0", "--listen"), session);
        using var client = new DashboardClient(server.Url);

        Assert.Equal(204, (await client.PostAsync("/api/start", new { model = "rate", rate = 20, duration = "2m", maxVUs = 50 })).Status);
        var running = await client.WaitAsync(l => Requests(l) > 0, Wait, "requests at 20/s");
        Assert.Equal(20, running.GetProperty("controls").GetProperty("rate").GetDouble());
        Assert.False(running.GetProperty("controls").GetProperty("canChangeUsers").GetBoolean());

        Assert.Equal(204, (await client.PostAsync("/api/change", new { rate = 40 })).Status);
        var changed = await client.WaitAsync(l => Targets(l).Any(t => t == 40), Wait, "the target rate of 40/s in the chart data");
        Assert.Equal(40, changed.GetProperty("controls").GetProperty("rate").GetDouble());

        Assert.Equal(204, (await client.PostAsync("/api/stop", null)).Status);
        await client.WaitAsync(l => l.GetProperty("state").GetString() == "finished", Wait, "the stop");
        var result = ResultsFile.Deserialize(await client.Http.GetStringAsync("/download/results.json"));
        var change = Assert.Single(result.Changes, c => c.Setting == "rate");
        Assert.Equal((20.0, 40.0), (change.From, change.To));
        Assert.Contains(result.Series, s => s.TargetRate == 40);
    }

    [Theory]
    [InlineData("""{"model":"users","users":-1}""", "users must be from 0")]
    [InlineData("""{"model":"users"}""", "users: give how many")]
    [InlineData("""{"model":"users","users":5,"spawnRate":0}""", "spawnRate must be more than 0")]
    [InlineData("""{"model":"rate","rate":0}""", "rate must be more than 0")]
    [InlineData("""{"model":"waves","users":5}""", "model must be users or rate")]
    [InlineData("""{"model":"users","users":5,"duration":"forever"}""", "duration")]
    [InlineData("""{"model":"users","users":5,"duration":"0s"}""", "duration must be longer than 0")]
    [InlineData("""{"model":"users","users":5000,"maxVUs":10}""", "maxVUs (10) must be at least users (5000)")]
    [InlineData("""{"model":"users","users":"many"}""", "users must be a whole number")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    [InlineData("""{"model":""", "not JSON")]
    public async Task Start_BadValue_AnswersBadRequestWithTheRule(string body, string message)
    {
        using var session = DashboardSession.Control(Template(), () => [], "test");
        await using var server = await DashboardServer.StartAsync(DashboardAddress.Parse("127.0.0.1:0", "--listen"), session);
        using var client = new DashboardClient(server.Url);

        var (status, text) = await client.PostRawAsync("/api/start", body, "application/json");

        Assert.Equal(400, status);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.Equal("idle", (await client.LiveAsync()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Commands_InTheWrongStateOrNotJson_AreRefused()
    {
        using var session = DashboardSession.Control(Template(), () => [], "test");
        await using var server = await DashboardServer.StartAsync(DashboardAddress.Parse("127.0.0.1:0", "--listen"), session);
        using var client = new DashboardClient(server.Url);

        Assert.Equal(409, (await client.PostAsync("/api/change", new { users = 3 })).Status);
        Assert.Equal(415, (await client.PostRawAsync("/api/start", "model=users&users=5", "application/x-www-form-urlencoded")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/download/report.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/download/secrets.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/assets/../Stampede.dll")).StatusCode);
        Assert.Equal(204, (await client.PostAsync("/api/stop", null)).Status);
        Assert.Equal("idle", (await client.LiveAsync()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task NonLoopbackAddress_RequestsWithoutTheToken_AreRefused()
    {
        using var session = DashboardSession.Control(Template(), () => [], "test");
        await using var server = await DashboardServer.StartAsync(DashboardAddress.Parse("0.0.0.0:0", "--listen"), session);
        var token = server.Access.Token;
        Assert.NotNull(token);
        Assert.Contains($"token={token}", server.Url.Query, StringComparison.Ordinal);
        var local = new UriBuilder(server.Url) { Host = "127.0.0.1", Query = "" }.Uri;
        using var handler = new HttpClientHandler { UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = local };

        foreach (var path in new[] { "/", "/assets/dashboard.js", "/api/live", "/download/results.json", "/metrics" })
        {
            using var bare = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
            using var wrong = await http.GetAsync($"{path}?token={token![..^1]}x");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/start") { Content = new StringContent("""{"model":"users","users":1}""", System.Text.Encoding.UTF8, "application/json") })
        {
            using var refused = await http.SendAsync(post);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal("idle", session.State.ToString().ToLowerInvariant());

        using var page = await http.GetAsync($"/?token={token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using (var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/live"))
        {
            withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var allowed = await http.SendAsync(withCookie);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/live"))
        {
            withHeader.Headers.Add(DashboardAccess.TokenHeader, token);
            using var allowed = await http.SendAsync(withHeader);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/live"))
        {
            bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var allowed = await http.SendAsync(bearer);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
    }

    [Fact]
    public async Task LoopbackAddress_RequestForAnotherHostName_IsRefused()
    {
        using var session = DashboardSession.Control(Template(), () => [], "test");
        await using var server = await DashboardServer.StartAsync(DashboardAddress.Parse("127.0.0.1:0", "--listen"), session);
        using var http = new HttpClient { BaseAddress = server.Url };

        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/live");
        rebound.Headers.Host = "attacker.example";
        using var refused = await http.SendAsync(rebound);
        using var page = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    private static long Requests(JsonElement live) =>
        live.TryGetProperty("kpis", out var kpis) ? kpis.GetProperty("requests").GetInt64() : 0;

    private static int Vus(JsonElement live) =>
        live.TryGetProperty("kpis", out var kpis) ? kpis.GetProperty("vus").GetInt32() : -1;

    private static IEnumerable<double> Targets(JsonElement live) =>
        live.TryGetProperty("charts", out var charts) && charts.GetProperty("target") is { ValueKind: JsonValueKind.Array } target
            ? target.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.Number).Select(t => t.GetDouble())
            : [];

    private TestPlan Template() =>
        new TestPlanBuilder()
            .Scenario("browse", new ConstantVusConfig(1, TimeSpan.FromSeconds(1)), new HttpFlow(
            [
                new HttpRequestDefinition { Name = "slow", Method = HttpMethod.Get, Url = new Uri(target.BaseUrl, "api/slow?ms=20") },
            ]))
            .Build();
}

using System.Diagnostics;
using System.Net;
using Stampede.DemoTarget.Tests.TestSupport;
using Xunit.Abstractions;

namespace Stampede.DemoTarget.Tests.Endpoints;

[Collection(TimingTests.Name)]
public class TimingEndpointsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Slow_TenMilliseconds_NeverEarlyAndMedianWithinTwoPercentInOneOfFiveRounds()
    {
        await using var server = await TestHttp.StartLoopbackAsync();
        using var client = TestHttp.CreateClient(server.BaseUrl);
        // Warm up both paths (JIT, thread pool, timer thread) before anything is measured.
        for (var i = 0; i < 10; i++)
        {
            await GetMillisecondsAsync(client, "/api/slow?ms=0");
            await GetMillisecondsAsync(client, "/api/slow?ms=10");
        }

        // Up to five rounds of 40 pairs: the wait must never end early in any of them, and one round must
        // show the median within 2 %. The test host shares two cores with the other test projects and the
        // build; a round that a neighbour's burst lands on is measured again rather than trusted, while a
        // coarse timer (Task.Delay: +2.4 ms at the median) fails every round.
        var rounds = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            var (fastest, added, line) = await MeasureRoundAsync(client);
            rounds.Add(line);
            output.WriteLine(line);
            Assert.True(fastest >= 10.0, $"a 10 ms wait answered after {fastest:F3} ms");
            if (added <= 10.2)
            {
                return;
            }
        }

        Assert.Fail("in no round was the p50 of ms=10 within 10.2 ms (2 %) above the p50 cold round trip:\n" + string.Join("\n", rounds));
    }

    private static async Task<(double Fastest, double Added, string Line)> MeasureRoundAsync(HttpClient client)
    {
        // Interleaved, so both see the same machine. The baseline request follows the same 10 ms of idleness
        // (an idle gap, not a wait for a condition), so both pay the same cold-path thread wake-ups and the
        // difference is the wait itself.
        var baseline = new List<double>();
        var slow = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(10);
            baseline.Add(await GetMillisecondsAsync(client, "/api/slow?ms=0"));
            slow.Add(await GetMillisecondsAsync(client, "/api/slow?ms=10"));
        }

        var added = Percentiles.Of(slow, 50) - Percentiles.Of(baseline, 50);
        var line = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"ms=10: min {slow.Min():F3} p50 {Percentiles.Of(slow, 50):F3} p90 {Percentiles.Of(slow, 90):F3}; cold ms=0 p50 {Percentiles.Of(baseline, 50):F3}; added p50 {added:F3} ms");
        return (slow.Min(), added, line);
    }

    [Fact]
    public async Task Stall_DuringPause_HoldsUntilPauseEndsAndAnswersAtOnceAfter()
    {
        // Wide enough that scheduling noise on a busy CI machine (tens of ms) cannot blur the windows.
        const double period = 1000;
        const double pause = 500;
        await using var server = await TestHttp.StartLoopbackAsync();
        using var client = TestHttp.CreateClient(server.BaseUrl);
        var path = $"/api/stall?period={period}&pause={pause}";
        (await client.GetAsync("/health")).Dispose(); // connection and JIT warm-up must not count as holding
        var clock = Stopwatch.StartNew();
        var requests = new List<(double Start, double Duration)>();

        // Back-to-back requests for longer than a period must run into at least one pause.
        while (clock.Elapsed.TotalMilliseconds < period + pause + 100)
        {
            var start = clock.Elapsed.TotalMilliseconds;
            var duration = await GetMillisecondsAsync(client, path);
            requests.Add((start, duration));
        }

        var held = requests.Where(r => r.Duration >= pause / 2).ToList();
        Assert.NotEmpty(held);
        // A request that reaches the server late (a busy CI machine) may meet the next pause, so the bound
        // is one period: longer would mean it was held through more than one pause.
        Assert.All(requests, r => Assert.True(r.Duration <= period + 200, $"held {r.Duration:F1} ms, longer than a period"));
        // Every held request is released at the end of a pause, so the release times are whole periods apart.
        var firstRelease = held[0].Start + held[0].Duration;
        foreach (var r in held)
        {
            var offset = (r.Start + r.Duration - firstRelease) % period;
            var distance = Math.Min(offset, period - offset);
            Assert.True(distance < 100, $"release at {r.Start + r.Duration:F1} ms is {distance:F1} ms off the period grid");
        }

        // The request right after a release lands in the open part of the window.
        var afterRelease = requests.IndexOf(held[0]) + 1;
        if (afterRelease < requests.Count)
        {
            Assert.True(requests[afterRelease].Duration < pause / 4, $"request after a release took {requests[afterRelease].Duration:F1} ms");
        }
    }

    [Fact]
    public async Task Stall_ZeroPause_AnswersAtOnce()
    {
        await using var server = await TestHttp.StartLoopbackAsync();
        using var client = TestHttp.CreateClient(server.BaseUrl);

        var duration = await GetMillisecondsAsync(client, "/api/stall?period=1000&pause=0");

        Assert.True(duration < 200, $"took {duration:F1} ms");
    }

    private static async Task<double> GetMillisecondsAsync(HttpClient client, string path)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return elapsed;
    }
}

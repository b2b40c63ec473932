using Stampede.Engine;
using Stampede.Http;
using Stampede.Http.Fast;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Http.Conformance;

/// <summary>
/// The open model at a rate that makes hundreds of connections and many edges race the requests parked
/// on them, against nginx: every request must finish on its own, not be released by the run's stop.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class NginxOpenModelTests(NginxServer nginx) : IClassFixture<NginxServer>
{
    [Fact]
    public async Task ArrivalRate20000PerSecond_EveryRequestFinishesBeforeTheStop()
    {
        // Found this way: a readiness edge that fell between two steps of the epoll loop's bookkeeping was
        // lost, and 1–5 of ~1,000 connections waited for the hard stop (30 s) in each 5 s `stampede attack`
        // at 20,000/s. In this test host the same bug failed 1 run of 3: a race, so a net, not a proof.
        var request = new HttpRequestDefinition { Name = "ok", Method = HttpMethod.Get, Url = nginx.Url("/ok") };
        var plan = new TestPlanBuilder()
            .Http(h => h with { Transport = HttpTransportKind.Fast, Timeout = TimeSpan.FromSeconds(60) })
            .Scenario("rate", new ConstantArrivalRateConfig(20_000, TimeSpan.FromSeconds(5), 200, 1000) { GracefulStop = TimeSpan.FromSeconds(12) },
                new HttpFlow([request]))
            .Build();

        // As the stampede command runs it: continuations inline on the loop threads.
        var inline = EpollSocket.InlineContinuations;
        EpollSocket.InlineContinuations = true;
        RunResult result;
        try
        {
            result = await new Runner(plan).RunAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            EpollSocket.InlineContinuations = inline;
        }

        var duration = result.Total(BuiltinMetrics.HttpReqDuration)!;
        Assert.True(duration.Count > 10_000, $"only {duration.Count} requests were sent");
        Assert.Equal(result.Accounting.Sent, result.Accounting.Succeeded);
        // Generous for a busy 2-core machine; a request left behind by a lost edge waits for the stop instead.
        Assert.True(duration.Max < 8_000_000, $"the slowest request took {duration.Max / 1000:F0} ms"); // µs
        Assert.True(result.Run.Duration < TimeSpan.FromSeconds(12), $"the run took {result.Run.Duration}");
    }
}

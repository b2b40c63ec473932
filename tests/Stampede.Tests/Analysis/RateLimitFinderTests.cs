using Stampede.Analysis;

namespace Stampede.Tests.Analysis;

public sealed class RateLimitFinderTests
{
    [Fact]
    public void Findings_TwentyPercent429FromTheFifthSecond_RateLimitingWithShareAndStart()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 10; i++)
        {
            run.Second(10, 100, SyntheticRun.Around(2_000), name: "login", limited: i >= 5 ? 40 : 0);
        }

        var finding = Assert.Single(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.RateLimiting);

        Assert.Equal("rate limiting: 20% of requests were answered 429 Too Many Requests", finding.Title);
        Assert.StartsWith("200 of 1,000 requests got a 429 (most on 'login' 200). The first came at 0:05, at ~10 VUs.", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), finding.At);
        Assert.Equal(0.2, finding.Values["share"]);
    }

    [Fact]
    public void Findings_HalfAPercent429_NoRateLimiting()
    {
        var run = new SyntheticRun();
        for (var i = 0; i < 10; i++)
        {
            run.Second(10, 200, SyntheticRun.Around(2_000), limited: 1);
        }

        Assert.DoesNotContain(RunAnalysis.Findings(run.Build()), f => f.Kind == FindingKind.RateLimiting);
    }
}

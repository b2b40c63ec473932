using System.Text;
using Stampede.DemoTarget;
using Stampede.Engine;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Results;

/// <summary>
/// One real open-model run against the demo target (successes, 404s, scheduling lag, a threshold), with the interval
/// log of it, line by line, as the CLI's sink writes it: header, intervals, end.
/// </summary>
public sealed class IntervalLogFixture : IAsyncLifetime
{
    public const string Command = "stampede test --out json=run.ndjson";

    public RunResult Result { get; private set; } = null!;

    public TestPlan Plan { get; private set; } = null!;

    /// <summary>Every line of the log, each ending with '\n': [0] the header, [^1] the end line.</summary>
    public IReadOnlyList<string> Lines { get; private set; } = [];

    /// <summary>The results file of the same run, read back.</summary>
    public RunResult ResultsFileResult => ResultsFile.Deserialize(ResultsFile.Serialize(Result));

    public async Task InitializeAsync()
    {
        await using var target = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] });
        var health = new HttpRequestDefinition { Name = "health", Method = HttpMethod.Get, Url = new(target.BaseUrl, "/health") };
        var missing = new HttpRequestDefinition { Name = "missing", Method = HttpMethod.Get, Url = new(target.BaseUrl, "/no/such/page") };
        Plan = new TestPlanBuilder()
            .Interval(TimeSpan.FromMilliseconds(200))
            .Threshold("http_req_failed", "rate<0.9")
            .Threshold("http_reqs", "count>1")
            .Scenario("open", new ConstantArrivalRateConfig(100, TimeSpan.FromSeconds(1.5), 5, 20), async (vu, ct) =>
            {
                await vu.SendAsync(health, ct);
                await vu.SendAsync(missing, ct);
            })
            .Build();
        var sink = new LineSink(Plan);
        Result = await new Runner(Plan, new RunnerOptions { Sinks = [sink], Command = Command })
            .RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Lines = sink.Lines;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The log's text from some of its lines.</summary>
    public static string Text(IEnumerable<string> lines) => string.Concat(lines);

    private sealed class LineSink : ISink
    {
        private readonly IntervalLogWriter _writer = new();

        public LineSink(TestPlan plan) =>
            Lines.Add(Encoding.UTF8.GetString(_writer.Header(IntervalLogWriter.Describe(plan, Command, DateTimeOffset.UtcNow), Environment.ProcessorCount, plan.Thresholds)));

        public List<string> Lines { get; } = [];

        public void OnInterval(IntervalSnapshot snapshot, RunProgress progress) => Lines.Add(Encoding.UTF8.GetString(_writer.Interval(snapshot)));

        public void OnCompleted(RunResult result) => Lines.Add(Encoding.UTF8.GetString(_writer.End(result, [])));
    }
}

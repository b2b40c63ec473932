using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Engine;

/// <summary>
/// Builds a <see cref="TestPlan"/> from C#:
/// <code>
/// var plan = new TestPlanBuilder()
///     .Http(h => h with { Timeout = TimeSpan.FromSeconds(5) })
///     .Scenario("browse", new ConstantVusConfig(10, TimeSpan.FromSeconds(30)), async (vu, ct) =>
///         await vu.SendAsync(health, ct))
///     .Build();
/// var result = await new Runner(plan).RunAsync();
/// </code>
/// </summary>
public sealed class TestPlanBuilder
{
    private readonly List<Scenario> _scenarios = [];
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private HttpSettings _http = new();
    private readonly List<Thresholds.Threshold> _thresholds = [];
    private TimeSpan _interval = TimeSpan.FromSeconds(1);

    /// <summary>Adjusts the HTTP settings shared by every scenario.</summary>
    public TestPlanBuilder Http(Func<HttpSettings, HttpSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _http = configure(_http);
        return this;
    }

    /// <summary>Adds a tag to every metric.</summary>
    public TestPlanBuilder Tag(string key, string value)
    {
        _tags[key] = value;
        return this;
    }

    /// <summary>Adds a threshold in k6's syntax, e.g. <c>Threshold("http_req_duration{name:login}", "p(95)&lt;500")</c>.</summary>
    /// <exception cref="InvalidInputException">The threshold is invalid.</exception>
    public TestPlanBuilder Threshold(string target, string expression)
    {
        _thresholds.Add(Thresholds.ThresholdParser.Parse(target, expression));
        return this;
    }

    /// <summary>Sets the metrics interval (default 1 s).</summary>
    public TestPlanBuilder Interval(TimeSpan interval)
    {
        _interval = interval;
        return this;
    }

    /// <summary>Adds a scenario whose iteration is C# code.</summary>
    public TestPlanBuilder Scenario(string name, ExecutorConfig executor, Func<VirtualUser, CancellationToken, ValueTask> iteration) =>
        Scenario(name, executor, new DelegateBody(iteration));

    /// <summary>Adds a scenario with any iteration body.</summary>
    public TestPlanBuilder Scenario(string name, ExecutorConfig executor, IIterationBody body, TagSet? tags = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(body);
        _scenarios.Add(new Scenario { Name = name, Executor = executor, Body = body, Tags = tags ?? TagSet.Empty });
        return this;
    }

    /// <summary>Builds and validates the plan.</summary>
    /// <exception cref="InvalidInputException">The plan is invalid; the message lists every problem.</exception>
    public TestPlan Build()
    {
        var plan = new TestPlan
        {
            Scenarios = [.. _scenarios],
            Http = _http,
            Thresholds = [.. _thresholds],
            Tags = TagSet.Of(_tags),
            Interval = _interval,
        };
        var errors = plan.Validate();
        return errors.Count == 0 ? plan : throw new InvalidInputException(string.Join(Environment.NewLine, errors));
    }
}

/// <summary>An iteration body written as a C# delegate.</summary>
/// <param name="iteration">The code of one iteration.</param>
public sealed class DelegateBody(Func<VirtualUser, CancellationToken, ValueTask> iteration) : IIterationBody
{
    private readonly Func<VirtualUser, CancellationToken, ValueTask> _iteration = iteration ?? throw new ArgumentNullException(nameof(iteration));

    /// <inheritdoc />
    public ValueTask RunAsync(VirtualUser vu, CancellationToken cancellationToken) => _iteration(vu, cancellationToken);
}

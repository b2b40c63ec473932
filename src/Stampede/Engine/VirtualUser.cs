using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Engine;

/// <summary>
/// One simulated user: its id, iteration counter, variables and its own connections. A VU runs one
/// iteration at a time, so nothing on it needs a lock.
/// </summary>
public sealed class VirtualUser : IDisposable
{
    private readonly IHttpTransportFactory _transports;
    private IHttpTransport? _http;
    private Dictionary<string, string>? _variables;
    private bool _intendedStartPending;
    private long _intendedStart;
    private object? _lastSeriesStep;
    private int _lastSeriesId;

    internal VirtualUser(int id, ScenarioContext scenario, IHttpTransportFactory transports)
    {
        Id = id;
        Scenario = scenario;
        _transports = transports;
    }

    /// <summary>The VU's id, unique in the run, starting at 1.</summary>
    public int Id { get; }

    /// <summary>The scenario this VU belongs to.</summary>
    public ScenarioContext Scenario { get; }

    /// <summary>How many iterations this VU has started (the current one included).</summary>
    public long Iteration { get; internal set; }

    /// <summary>The VU's variables (extracted values, data rows).</summary>
    public IDictionary<string, string> Variables => _variables ??= new(StringComparer.Ordinal);

    /// <summary>The VU's HTTP transport (its own connection pool unless connections are shared).</summary>
    public IHttpTransport Http => _http ??= _transports.Create();

    /// <summary>State an iteration body keeps on the VU between iterations (a scenario flow's variables).</summary>
    public object? BodyState { get; set; }

    /// <summary>True once the body said this VU has nothing more to do (its data ran out): it starts no more iterations.</summary>
    public bool Retired { get; private set; }

    /// <summary>Stops this VU after the current iteration; in the open model its later iterations count as dropped.</summary>
    public void Retire() => Retired = true;

    /// <summary>Where this VU records metrics.</summary>
    public MetricsRecorder Recorder => Scenario.Recorder;

    /// <summary>
    /// <see cref="ScenarioContext.SeriesFor"/>, remembering the last step: a VU repeating one request
    /// skips the shared dictionary.
    /// </summary>
    public int SeriesFor<TStep>(TStep step, Func<TStep, TagSet, TagSet> tags)
        where TStep : class
    {
        if (ReferenceEquals(step, _lastSeriesStep))
        {
            return _lastSeriesId;
        }

        var id = Scenario.SeriesFor(step, tags);
        _lastSeriesStep = step;
        _lastSeriesId = id;
        return id;
    }

    /// <summary>
    /// The start time a request should be measured from. In the open model the first request of an
    /// iteration is measured from the iteration's intended start (so scheduling delay and queueing are
    /// not hidden); later requests, and every request in the closed model, from their actual send.
    /// </summary>
    public long TakeIntendedStart(long actualStart)
    {
        if (!_intendedStartPending)
        {
            return actualStart;
        }

        _intendedStartPending = false;
        return Math.Min(_intendedStart, actualStart);
    }

    internal void BeginIteration(long intendedStart, bool openModel)
    {
        Iteration++;
        _intendedStart = intendedStart;
        _intendedStartPending = openModel;
    }

    /// <inheritdoc />
    public void Dispose() => _http?.Dispose();
}

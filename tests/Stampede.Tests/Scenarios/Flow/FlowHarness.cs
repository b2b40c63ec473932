using System.Diagnostics;
using Stampede.Engine;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Scenarios;
using Stampede.Scenarios.Flow;

namespace Stampede.Tests.Scenarios.Flow;

/// <summary>
/// A scenario file loaded through <see cref="ScenarioLoader"/>, and one VU's flow state as its first iteration
/// sees it: a row taken from each data source and the flow's leading <c>set</c> steps run. Nothing is sent;
/// tests render templates and judge responses with it directly.
/// </summary>
internal sealed class FlowHarness : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly MetricsRecorder _recorder = new();
    private readonly HttpTransportFactory _transports = HttpTransportFactory.Create(new HttpSettings());
    private readonly VirtualUser _vu;

    public FlowHarness(string yaml, IReadOnlyDictionary<string, string>? files = null)
    {
        foreach (var (name, text) in files ?? new Dictionary<string, string>())
        {
            _folder.Write(name, text);
        }

        var plan = ScenarioLoader.Parse(yaml, _folder.Full("test.yaml"), new ScenarioLoadOptions { BaseDirectory = _folder.Path });
        Program = Assert.IsType<FlowProgram>(plan.Scenarios[0].Body);
        _vu = new VirtualUser(1, new ScenarioContext(plan.Scenarios[0], 0, plan.Tags, _recorder), _transports);
        _vu.BeginIteration(Stopwatch.GetTimestamp(), openModel: false);
        State = Program.StateOf(_vu);
        foreach (var source in Program.UsedData)
        {
            Assert.True(Program.Data[source].TryTake(_vu.Id, out State.Rows[source]));
        }

        foreach (var step in Program.Steps.OfType<SetStep>())
        {
            // A set step completes synchronously: it only renders templates into variables.
            Assert.True(step.RunAsync(State, CancellationToken.None).AsTask().IsCompletedSuccessfully);
        }
    }

    public FlowProgram Program { get; }

    public FlowState State { get; }

    /// <summary>Where the VU records (its checks, errors).</summary>
    public MetricsRecorder Recorder => _recorder;

    /// <summary>The top-level request step named <paramref name="name"/>.</summary>
    public RequestStep Request(string name) => Assert.Single(Program.Steps.OfType<RequestStep>(), s => s.Request.Name == name);

    public void Dispose()
    {
        _vu.Dispose();
        _transports.Dispose();
        _recorder.Dispose();
        _folder.Dispose();
    }
}

using System.Diagnostics;
using Stampede.Engine;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Scenarios;
using Stampede.Scenarios.Flow;

namespace Stampede.Benchmarks.Scenarios;

/// <summary>
/// A scenario file loaded through <see cref="ScenarioLoader"/> — the path <c>stampede run</c> takes, so every
/// template, check and extractor is compiled by the real binder — and one VU's flow state as its first
/// iteration sees it: a row taken from each data source the flow reads and the flow's <c>set</c> steps run.
/// Nothing is sent.
/// </summary>
internal sealed class LoadedFlow : IDisposable
{
    private readonly string _directory;
    private readonly MetricsRecorder _recorder = new();
    private readonly HttpTransportFactory _transports = HttpTransportFactory.Create(new HttpSettings());
    private readonly VirtualUser _vu;

    public LoadedFlow(string yaml, IReadOnlyDictionary<string, string>? files = null)
    {
        _directory = Directory.CreateTempSubdirectory("stampede-bench-").FullName;
        foreach (var (name, text) in files ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(_directory, name), text);
        }

        var plan = ScenarioLoader.Parse(yaml, Path.Combine(_directory, "bench.yaml"), new ScenarioLoadOptions { BaseDirectory = _directory });
        Program = (FlowProgram)plan.Scenarios[0].Body!;
        _vu = new VirtualUser(1, new ScenarioContext(plan.Scenarios[0], 0, plan.Tags, _recorder), _transports);
        _vu.BeginIteration(Stopwatch.GetTimestamp(), openModel: false);
        State = Program.StateOf(_vu);
        foreach (var source in Program.UsedData)
        {
            if (!Program.Data[source].TryTake(_vu.Id, out State.Rows[source]))
            {
                throw new InvalidOperationException($"data source {Program.DataNames[source]} gave no row");
            }
        }

        foreach (var step in Program.Steps.OfType<SetStep>())
        {
            // A set step only renders templates into variables: it completes synchronously.
            if (!step.RunAsync(State, CancellationToken.None).AsTask().IsCompletedSuccessfully)
            {
                throw new InvalidOperationException($"{step.Path} did not complete synchronously");
            }
        }
    }

    public FlowProgram Program { get; }

    public FlowState State { get; }

    /// <summary>The top-level request step named <paramref name="name"/>.</summary>
    public RequestStep Request(string name) =>
        Program.Steps.OfType<RequestStep>().SingleOrDefault(s => s.Request.Name == name)
            ?? throw new InvalidOperationException($"the scenario has no request named {name}");

    public void Dispose()
    {
        _vu.Dispose();
        _transports.Dispose();
        _recorder.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

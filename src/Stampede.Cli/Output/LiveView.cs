using Spectre.Console;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Output;

/// <summary>
/// The live terminal view: a block redrawn in place every interval on a terminal, or plain periodic
/// lines when output is not a terminal (CI logs).
/// </summary>
internal sealed class LiveView : ISink
{
    private readonly IAnsiConsole _console;
    private readonly bool _interactive;
    private readonly bool _plain;
    private readonly Lock _gate = new();
    private int _linesDrawn;
    private TimeSpan? _lastPlain;
    private TimeSpan _plainEvery = TimeSpan.FromSeconds(1);

    public LiveView(IAnsiConsole console, bool interactive, bool plain)
    {
        _console = console;
        _interactive = interactive;
        _plain = plain && !interactive;
    }

    public static bool IsInteractive(IAnsiConsole console) =>
        console.Profile.Capabilities.Ansi && console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    public void Begin(TestPlan plan)
    {
        foreach (var scenario in plan.Scenarios)
        {
            _console.MarkupLine($"  [bold]{Markup.Escape(scenario.Name)}[/]: {Markup.Escape(scenario.Scenario())}");
        }

        if (plan.Http.Tls.Insecure)
        {
            _console.MarkupLine("  [yellow]TLS verification is OFF (--insecure)[/]");
        }

        _plainEvery = plan.MaxDuration > TimeSpan.FromMinutes(2) ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(1);
        _console.WriteLine();
    }

    public void OnInterval(IntervalSnapshot snapshot, RunProgress progress)
    {
        if (!_interactive && !_plain)
        {
            return;
        }

        var lines = Describe(snapshot, progress);
        lock (_gate)
        {
            if (_interactive)
            {
                var output = _console.Profile.Out.Writer;
                if (_linesDrawn > 0)
                {
                    output.Write($"\u001b[{_linesDrawn}A");
                }

                foreach (var line in lines)
                {
                    output.Write("\u001b[2K");
                    output.WriteLine(line);
                }

                output.Flush();
                _linesDrawn = lines.Count;
            }
            // Ticks land about an interval apart, a little early or late: 0.9 keeps one line per tick, not every other.
            else if (_lastPlain is not { } last || progress.Elapsed - last >= _plainEvery * 0.9)
            {
                _lastPlain = progress.Elapsed;
                _console.Profile.Out.Writer.WriteLine(string.Join("  ", lines));
            }
        }
    }

    public void OnCompleted(RunResult result)
    {
    }

    public void End()
    {
        lock (_gate)
        {
            if (_linesDrawn > 0)
            {
                _console.WriteLine();
            }
        }
    }

    internal static List<string> Describe(IntervalSnapshot snapshot, RunProgress progress)
    {
        var seconds = Math.Max(snapshot.Length.TotalSeconds, 1e-3);
        var requests = snapshot.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0;
        var duration = snapshot.Total(BuiltinMetrics.HttpReqDuration);
        var remaining = progress.Planned - progress.Elapsed;
        var errors = snapshot.Errors.Count == 0
            ? "errors 0"
            : "errors " + string.Join(" ", snapshot.Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key.ToName()}={e.Value}"));
        List<string> lines =
        [
            $"[{Units.Clock(progress.Elapsed)} / {Units.Clock(progress.Planned)}{(remaining > TimeSpan.Zero ? $", {Units.Clock(remaining)} left" : "")}]  " +
            $"vus {progress.Vus}/{progress.VusMax}  {Units.Rate(requests / seconds)} req",
            duration is null
                ? "latency -"
                : $"p50 {Units.Micros(duration.Percentile(50))}  p95 {Units.Micros(duration.Percentile(95))}  p99 {Units.Micros(duration.Percentile(99))}  max {Units.Micros(duration.Max)}",
            $"{errors}  generator cpu {snapshot.Generator.CpuPercent:0}%" +
            (snapshot.Generator.DroppedIterations > 0 ? $"  dropped {snapshot.Generator.DroppedIterations}" : ""),
        ];
        if (progress.Thresholds.Count > 0)
        {
            lines.Add(Thresholds(progress.Thresholds));
        }

        return lines;
    }

    // thresholds 4 ✓ 1 ✗ 1 not judged yet  ✗ http_req_duration: p(95)<500 (p(95)=612ms)
    private static string Thresholds(IReadOnlyList<Stampede.Thresholds.ThresholdResult?> verdicts)
    {
        var held = verdicts.Count(v => v is { Passed: true });
        var crossed = verdicts.Where(v => v is { Passed: false }).Select(v => v!).ToList();
        var waiting = verdicts.Count - held - crossed.Count;
        var text = $"thresholds {held} ✓ {crossed.Count} ✗" + (waiting > 0 ? $" {waiting} not judged yet" : "");
        foreach (var verdict in crossed.Take(2))
        {
            text += $"  ✗ {verdict.Threshold.Source} ({verdict.Threshold.StatisticName}={Summary.Observed(verdict.Threshold, verdict.Observed!.Value)})";
        }

        return crossed.Count > 2 ? text + $"  (+{crossed.Count - 2} more)" : text;
    }
}

/// <summary>Small formatting helpers over engine types.</summary>
internal static class ScenarioText
{
    public static string Scenario(this Scenario scenario) =>
        $"{scenario.Executor.Name}, {scenario.Executor.Describe()} ({(scenario.Executor.OpenModel ? "open model" : "closed model")})";
}

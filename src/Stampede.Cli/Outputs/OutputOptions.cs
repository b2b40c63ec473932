using Stampede.Engine;
using Stampede.Results;

namespace Stampede.Cli.Outputs;

/// <summary>An output that receives the run's intervals while it goes on (an <see cref="ISink"/>).</summary>
/// <param name="Kind">The output kind, lower case: <c>json</c> (the interval log)…</param>
/// <param name="Target">Its path or URL, as given.</param>
/// <param name="Source">Where it was given, for messages: <c>--out json=run.ndjson</c>, <c>options.outputs: run.ndjson</c>.</param>
internal sealed record OutputTarget(string Kind, string Target, string Source);

/// <summary>
/// The outputs of a run, from the repeatable <c>--out</c> (or, without it, the scenario file's <c>options.outputs</c>):
/// at most one results file, written at the end, and the outputs that stream during the run. The one place that
/// knows the output kinds.
/// </summary>
internal sealed record OutputOptions
{
    /// <summary>The kinds <c>--out KIND=TARGET</c> accepts, in the order messages list them.</summary>
    public static readonly string[] KnownKinds = ["json", "influxdb", "prometheus-rw"];

    /// <summary>No output at all.</summary>
    public static OutputOptions None { get; } = new();

    /// <summary>The results file (<c>stampede-results/1</c>), written when the run ends; null when none.</summary>
    public string? ResultsPath { get; init; }

    /// <summary>Where <see cref="ResultsPath"/> was given, for messages.</summary>
    public string ResultsSource { get; init; } = "--out";

    /// <summary>The outputs fed live, in the order given.</summary>
    public IReadOnlyList<OutputTarget> Streams { get; init; } = [];

    /// <summary>
    /// The outputs of a command: <paramref name="values"/> of <c>--out</c> when any were given (they replace the
    /// scenario file's), otherwise the plan's <c>options.outputs</c> (or its results path, for a plan built in code).
    /// </summary>
    public static OutputOptions Choose(IReadOnlyList<string>? values, TestPlan? plan)
    {
        if (values is { Count: > 0 })
        {
            return Parse(values, "--out");
        }

        if (plan is null)
        {
            return None;
        }

        return plan.Outputs.Count > 0 ? Parse(plan.Outputs, "options.outputs:")
            : plan.ResultsPath is { } path ? Parse([path], "options.outputs:")
            : None;
    }

    /// <summary>
    /// Parses output values (<c>PATH</c> or <c>KIND=TARGET</c>), checking every kind and folder before the run.
    /// <c>json=PATH</c> (or a bare PATH) is the interval log when PATH ends with <c>.ndjson</c> or <c>.jsonl</c>,
    /// otherwise the results file.
    /// </summary>
    /// <exception cref="InvalidInputException">A value names an unknown kind, no target, a missing folder, or a second results file.</exception>
    public static OutputOptions Parse(IReadOnlyList<string> values, string source)
    {
        ArgumentNullException.ThrowIfNull(values);
        string? results = null;
        var streams = new List<OutputTarget>();
        foreach (var value in values)
        {
            var (given, target) = ResultsFile.SplitOutput(value.Trim());
            var kind = given.ToLowerInvariant();
            var at = $"{source} {value}";
            if (target.Length == 0)
            {
                throw new InvalidInputException($"{at}: names no {(kind == "json" ? "file" : "target")}; write it like {Example(kind)}");
            }

            // The one switch of output kinds: each either becomes the results file or an output fed live.
            switch (kind)
            {
                case "json" when IntervalLog.IsStreamPath(target):
                    CheckFolder(target, at);
                    var full = Path.GetFullPath(target);
                    if (streams.Find(s => s.Kind == "json" && Path.GetFullPath(s.Target) == full) is { } twice)
                    {
                        throw new InvalidInputException($"{at}: the interval log {target} is already written by '{twice.Source}'; give each once");
                    }

                    streams.Add(new OutputTarget(kind, target, at));
                    break;
                case "json":
                    CheckFolder(target, at);
                    results = results is null ? target : throw new InvalidInputException(
                        $"{source}: two results files, '{results}' and '{target}'; a run writes one. Keep one, or write the second as " +
                        $"an interval log ending with .ndjson (json={Path.ChangeExtension(target, ".ndjson")})");
                    break;
                case "influxdb" or "prometheus-rw":
                    NetworkOutputs.Check(kind, target);
                    streams.Add(new OutputTarget(kind, target, at));
                    break;
                default:
                    throw new InvalidInputException(
                        $"{at}: unknown output kind '{given}'; known kinds: {string.Join(", ", KnownKinds)}, e.g. --out results.json, " +
                        "--out json=run.ndjson, --out influxdb=http://127.0.0.1:8086/k6 (a path containing '=' needs the json= prefix)");
            }
        }

        return new OutputOptions { ResultsPath = results, ResultsSource = source, Streams = streams };
    }

    /// <summary>
    /// Opens every output fed live, before the run starts; each is an <see cref="ISink"/> and is disposed (drained)
    /// by the caller after the run. Opens nothing when one fails: the ones already open are closed first.
    /// </summary>
    /// <exception cref="InvalidInputException">An output cannot be opened (its file cannot be created).</exception>
    public async Task<IReadOnlyList<IOutputSink>> OpenAsync(TestPlan plan, string command, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sinks = new List<IOutputSink>();
        try
        {
            foreach (var stream in Streams)
            {
                sinks.Add(stream.Kind switch
                {
                    "json" => IntervalLogSink.Open(stream.Target, stream.Source, plan, command, time),
                    _ when NetworkOutputs.Create(stream.Kind, stream.Target) is { } network => network,
                    _ => throw new InvalidOperationException($"output kind '{stream.Kind}' was parsed but has no sink"),
                });
            }
        }
        catch
        {
            foreach (var sink in sinks)
            {
                await sink.DisposeAsync();
            }

            throw;
        }

        return sinks;
    }

    private static string Example(string kind) => kind switch
    {
        "influxdb" => "influxdb=http://127.0.0.1:8086/k6",
        "prometheus-rw" => "prometheus-rw=http://127.0.0.1:9090/api/v1/write",
        _ => "json=results.json or json=run.ndjson",
    };

    private static void CheckFolder(string path, string at)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidInputException($"{at}: the path contains a NUL character; give a file path");
        }

        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
        {
            throw new InvalidInputException($"{at}: the folder {folder} does not exist; create it or write elsewhere");
        }
    }
}

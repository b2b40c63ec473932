using Stampede.Engine;
using Stampede.Http;
using Stampede.Scenarios.Flow;
using Stampede.Scenarios.Templates;

namespace Stampede.Scenarios;

/// <summary>
/// Loads a YAML scenario file into a <see cref="TestPlan"/>. The whole file is checked before anything
/// is returned: every problem is reported at once, each with its line and column, and the plan that
/// comes back has passed <see cref="TestPlan.Validate"/>.
/// </summary>
public static class ScenarioLoader
{
    internal static readonly string[] RootKeys = ["options", "scenarios", "data", ScenarioIncludes.Key];

    /// <summary>The keys every scenario has, besides its executor's fields.</summary>
    internal static readonly string[] ScenarioKeys = ["executor", "startTime", "gracefulStop", "tags", "requests", "flow"];
    private const string ExampleScenario = "for example `scenarios: { smoke: { executor: constant-vus, duration: 10s, requests: [{ url: /health }] } }`";

    /// <summary>Reads and validates the scenario file at <paramref name="path"/>, with the fragments its <c>include:</c> names (relative to its folder).</summary>
    /// <exception cref="ScenarioValidationException">The file cannot be read or is not a valid scenario; every problem is listed.</exception>
    public static TestPlan Load(string path, ScenarioLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string yaml;
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
            yaml = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : ex.Message;
            throw new ScenarioValidationException([new ScenarioError(path, 1, 1, $"cannot read the scenario file: {reason}",
                "check the path; it is relative to the current directory")]);
        }

        var directory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        var baseDirectory = options?.BaseDirectory ?? directory;
        return ParseText(yaml, path, (options ?? new ScenarioLoadOptions()) with { BaseDirectory = baseDirectory },
            new IncludeRoot(fullPath, directory, RelativeNames: !Path.IsPathRooted(path)));
    }

    /// <summary>Validates scenario YAML held in memory. <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="ScenarioValidationException">The text is not a valid scenario; every problem is listed.</exception>
    /// <remarks>Its <c>include:</c> paths are relative to <see cref="ScenarioLoadOptions.BaseDirectory"/>.</remarks>
    public static TestPlan Parse(string yaml, string sourceName, ScenarioLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var baseDirectory = Path.GetFullPath(options?.BaseDirectory ?? Directory.GetCurrentDirectory());
        return ParseText(yaml, sourceName, options, new IncludeRoot(null, baseDirectory, !Path.IsPathRooted(options?.BaseDirectory ?? "")));
    }

    private static TestPlan ParseText(string yaml, string sourceName, ScenarioLoadOptions? options, IncludeRoot include)
    {
        var baseDirectory = Path.GetFullPath(options?.BaseDirectory ?? Directory.GetCurrentDirectory());
        var diagnostics = new ScenarioDiagnostics(sourceName);
        var plan = SourceReader.Read(yaml, sourceName, diagnostics, fragment: false) is { } root
            ? Bind(ScenarioIncludes.Expand(root, include.FullPath, include.Directory, include.RelativeNames, diagnostics), baseDirectory,
                options ?? new ScenarioLoadOptions(), diagnostics)
            : null;
        if (diagnostics.Count > 0 || plan is null)
        {
            throw new ScenarioValidationException(diagnostics.Sorted());
        }

        return plan;
    }

    private static TestPlan? Bind(SourceNode root, string baseDirectory, ScenarioLoadOptions load, ScenarioDiagnostics diagnostics)
    {
        if (NodeValues.Mapping(root, "the file", diagnostics) is not { } mapping)
        {
            return null;
        }

        var file = new MappingReader(mapping, "", diagnostics);
        file.CheckKeys(RootKeys);
        var options = OptionsBinder.Bind(file.Mapping("options"), baseDirectory);
        var data = DataBinder.Bind(file.Mapping("data"), baseDirectory, load, diagnostics);
        var scenarios = new List<Scenario>();
        var scenarioNodes = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
        if (file["scenarios"] is not { } scenariosNode)
        {
            diagnostics.Add(1, 1, "the file has no `scenarios`", ExampleScenario);
        }
        else if (NodeValues.Mapping(scenariosNode, "scenarios", diagnostics) is { } scenarioMap)
        {
            if (scenarioMap.Entries.Count == 0)
            {
                diagnostics.Add(scenariosNode, "scenarios: there are no scenarios", ExampleScenario);
            }

            foreach (var (name, body) in scenarioMap.Entries)
            {
                scenarioNodes[name.Value] = name;
                if (BindScenario(name, body, options, data, load, baseDirectory, diagnostics) is { } scenario)
                {
                    scenarios.Add(scenario);
                }
            }
        }

        var plan = new TestPlan { Scenarios = scenarios, Http = options.Http, Tags = options.Tags, Thresholds = options.Thresholds, ResultsPath = options.ResultsPath, Outputs = options.Outputs ?? [], Reports = options.Reports ?? [] };
        var executorErrors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            var at = scenarioNodes[scenario.Name];
            foreach (var error in scenario.Executor.Validate())
            {
                executorErrors.Add($"scenarios.{scenario.Name}: {error}");
                diagnostics.Add(at, $"scenarios.{scenario.Name}: {error}");
            }
        }

        // The plan repeats each executor's errors (reported above at the scenario) and adds its own.
        // An empty plan caused by broken scenarios is already explained by their errors.
        foreach (var error in plan.Validate())
        {
            if (!executorErrors.Contains(error) && (scenarios.Count > 0 || diagnostics.Count == 0))
            {
                diagnostics.Add(file["scenarios"] ?? root, error);
            }
        }

        return plan;
    }

    private static Scenario? BindScenario(ScalarNode name, SourceNode body, BoundOptions options, IReadOnlyList<BoundData> data,
        ScenarioLoadOptions load, string baseDirectory, ScenarioDiagnostics diagnostics)
    {
        var path = $"scenarios.{name.Value}";
        if (NodeValues.Mapping(body, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var reader = new MappingReader(mapping, path, name, diagnostics);
        var before = diagnostics.Count;
        var executor = ReadExecutor(reader);
        var fields = executor is null ? ExecutorBinder.AllFields : ExecutorBinder.FieldsOf(executor)!;
        reader.CheckKeys([.. ScenarioKeys, .. fields], key => executor is not null && ExecutorBinder.OwnersOf(key) is { } owners
            ? $"`{key}` is not a field of {executor}; it belongs to {owners}"
            : null);
        var config = executor is null ? null : ExecutorBinder.Bind(executor, reader);
        var tags = OptionsBinder.Tags(reader, "tags");
        IIterationBody? iterationBody = null;
        if (reader.Has("requests") && reader.Has("flow"))
        {
            diagnostics.Add(reader.Node.FindKey("flow")!, $"{path}: a scenario has `requests` or `flow`, not both",
                "`requests` is the short form of a flow of plain requests; move them into `flow` as `- request: …`");
        }
        else if (reader["flow"] is { } flowNode)
        {
            iterationBody = BindFlow(flowNode, reader.PathOf("flow"), options, data, load, baseDirectory, diagnostics);
        }
        else if (reader.Require("requests", $"scenario `{name.Value}` has no `flow`", "list its steps, e.g. `flow: [{ request: { url: /health } }]`") &&
            NodeValues.Sequence(reader["requests"]!, reader.PathOf("requests"), diagnostics) is { } list)
        {
            if (list.Items.Count == 0)
            {
                diagnostics.Add(list, $"{reader.PathOf("requests")}: the list is empty", "add at least one request, e.g. `- url: /health`");
            }

            iterationBody = new HttpFlow(RequestBinder.Bind(list, reader.PathOf("requests"), options.Defaults, diagnostics));
        }

        if (diagnostics.Count > before || config is null || iterationBody is null)
        {
            return null;
        }

        return new Scenario { Name = name.Value, Executor = config, Body = iterationBody, Tags = tags };
    }

    private static FlowProgram BindFlow(SourceNode node, string path, BoundOptions options, IReadOnlyList<BoundData> data,
        ScenarioLoadOptions load, string baseDirectory, ScenarioDiagnostics diagnostics)
    {
        var scope = new TemplateScope(load.Environment);
        foreach (var source in data)
        {
            scope.AddData(source.Name, source.Feeder.Table.Columns);
        }

        var binder = new FlowBinder(options.Defaults, scope, baseDirectory, diagnostics) { Cookies = options.Cookies };
        var steps = binder.BindList(node, path, "");
        scope.ReportUndefined(diagnostics);
        return new FlowProgram(steps, scope.SlotCount, [.. data.Select(d => d.Feeder)], [.. data.Select(d => d.Name)], options.Cookies)
        {
            UsedData = scope.UsedData,
        };
    }

    private static string? ReadExecutor(MappingReader scenario)
    {
        var hint = "one of: " + string.Join(", ", ExecutorBinder.Names);
        if (!scenario.Require("executor", "a scenario needs `executor`", hint) || scenario.Text("executor") is not { } executor)
        {
            return null;
        }

        if (ExecutorBinder.FieldsOf(executor) is null)
        {
            var suggestion = Suggestions.Closest(executor, ExecutorBinder.Names);
            scenario.Diagnostics.Add(scenario["executor"]!, $"{scenario.PathOf("executor")}: unknown executor '{executor}'",
                suggestion is null ? hint : $"did you mean `{suggestion}`?");
            return null;
        }

        return executor;
    }

    /// <summary>Where the loaded text's <c>include:</c> paths start from, and how fragments are named in errors.</summary>
    private sealed record IncludeRoot(string? FullPath, string Directory, bool RelativeNames);
}

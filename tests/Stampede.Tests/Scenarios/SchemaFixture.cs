using System.Globalization;
using System.Text.Json.Nodes;
using Stampede.Engine;
using Stampede.Scenarios;

namespace Stampede.Tests.Scenarios;

/// <summary>The published schema, read from disk, and one validator process shared by the schema tests.</summary>
public sealed class SchemaFixture : IDisposable
{
    private readonly Lazy<SchemaValidator> _validator;

    public SchemaFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        SchemaPath = Path.Combine(RepositoryRoot, "docs", "schema", "stampede.schema.json");
        FragmentSchemaPath = Path.Combine(RepositoryRoot, "docs", "schema", "stampede-fragment.schema.json");
        Schema = JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject();
        var script = Path.Combine(RepositoryRoot, "tests", "Stampede.Tests", "Scenarios", "validate_schema.py");
        _validator = new Lazy<SchemaValidator>(() => SchemaValidator.Start(SchemaPath, script));
    }

    public string RepositoryRoot { get; }

    public string SchemaPath { get; }

    public string FragmentSchemaPath { get; }

    /// <summary>The schema as parsed from disk.</summary>
    public JsonObject Schema { get; }

    internal SchemaValidator Validator => _validator.Value;

    /// <summary>The definition at <paramref name="reference"/>, e.g. <c>#/$defs/scenario</c>.</summary>
    public JsonObject Definition(string reference)
    {
        JsonNode node = Schema;
        foreach (var part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = (node is JsonArray array ? array[int.Parse(name, CultureInfo.InvariantCulture)] : node[name])
                ?? throw new KeyNotFoundException($"{reference}: no `{part}` in the schema");
        }

        return node.AsObject();
    }

    /// <summary>Schema errors of <paramref name="yaml"/>, converted to JSON as an editor does (<see cref="YamlJson"/>).</summary>
    internal IReadOnlyList<SchemaError> SchemaErrors(string yaml, string? reference = null) => Validator.Validate(YamlJson.Convert(yaml), reference);

    /// <summary>The loader's errors for <paramref name="yaml"/> read from <paramref name="baseDirectory"/>; empty when it loads.</summary>
    internal static IReadOnlyList<ScenarioError> LoaderErrors(string yaml, string baseDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        try
        {
            var options = new ScenarioLoadOptions { BaseDirectory = baseDirectory };
            if (environment is not null)
            {
                options = options with { Environment = environment };
            }

            var plan = ScenarioLoader.Parse(yaml, "test.yaml", options);
            Assert.NotEmpty(plan.Scenarios);
            return [];
        }
        catch (ScenarioValidationException ex)
        {
            return ex.Errors;
        }
    }

    public void Dispose()
    {
        if (_validator.IsValueCreated)
        {
            _validator.Value.Dispose();
        }
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stampede.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Stampede.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The schema tests share one <see cref="SchemaFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SchemaTestsDefinition : ICollectionFixture<SchemaFixture>
{
    public const string Name = "schema";
}

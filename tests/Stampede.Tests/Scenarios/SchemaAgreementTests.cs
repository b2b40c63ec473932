using System.Text.Json;
using System.Text.Json.Nodes;
using Stampede.Scenarios;
using Xunit.Abstractions;

namespace Stampede.Tests.Scenarios;

/// <summary>
/// docs/schema/stampede.schema.json and the loader agree: every sample and every good file here is accepted by
/// both, every bad file is rejected by both, each for the reason it was written to show. Rules only the loader
/// can check (undefined template variables, files that do not exist, maxVUs ≥ preAllocatedVUs…) are not cases
/// here; docs/scenarios.md lists them.
/// </summary>
[Collection(SchemaTestsDefinition.Name)]
public sealed class SchemaAgreementTests(SchemaFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Samples() =>
        new(Directory.GetFiles(Path.Combine(SchemaFixture.FindRepositoryRoot(), "samples"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void SchemaFile_IsJsonWithDraft202012AndAnId()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(fixture.SchemaPath));

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
        Assert.Equal("https://stampede.dev/schema/stampede.schema.json", document.RootElement.GetProperty("$id").GetString());
        Assert.False(string.IsNullOrWhiteSpace(document.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(document.RootElement.GetProperty("description").GetString()));
    }

    [Fact]
    public void SchemaFiles_AreValidAgainstTheDraft202012MetaSchema()
    {
        Assert.Empty(fixture.Validator.CheckAgainstMetaSchema(fixture.SchemaPath));
        Assert.Empty(fixture.Validator.CheckAgainstMetaSchema(fixture.FragmentSchemaPath));
    }

    [Fact]
    public void MetaSchemaCheck_SchemaWithAWrongKeywordValue_IsReported()
    {
        // The meta-schema check above must be able to fail: a type that is no JSON type is refused.
        using var folder = new TempFolder();
        var path = folder.Write("bad.schema.json", """{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "text" }""");

        Assert.NotEmpty(fixture.Validator.CheckAgainstMetaSchema(path));
    }

    [Fact]
    public void References_AllPointAtDefinitionsThatExist()
    {
        var references = new List<string>();
        Collect(fixture.Schema, references);

        Assert.NotEmpty(references);
        Assert.All(references, reference => fixture.Definition(reference));
        var used = references.Select(r => r["#/$defs/".Length..]).ToHashSet(StringComparer.Ordinal);
        var unused = fixture.Definition("#/$defs").Select(d => d.Key).Where(name => !used.Contains(name)).ToList();
        Assert.True(unused.Count == 0, "definitions nothing refers to: " + string.Join(", ", unused));

        static void Collect(JsonNode? node, List<string> into)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "$ref")
                        {
                            into.Add(value!.GetValue<string>());
                        }
                        else if (key is not ("examples" or "default" or "defaultSnippets"))
                        {
                            Collect(value, into);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item, into);
                    }

                    break;
            }
        }
    }

    [Fact]
    public void FragmentSchema_RefersToTheFileShapeOfTheMainSchema()
    {
        var fragment = JsonNode.Parse(File.ReadAllText(fixture.FragmentSchemaPath))!.AsObject();

        var reference = fragment["$ref"]!.GetValue<string>();
        Assert.StartsWith("stampede.schema.json#", reference, StringComparison.Ordinal);
        Assert.Same(fixture.Definition("#/$defs/file"), fixture.Definition(reference["stampede.schema.json".Length..]));
        Assert.Equal("#/$defs/file", fixture.Schema["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void Properties_EachHaveADescription()
    {
        var missing = new List<string>();
        Walk(fixture.Schema, "#", missing, fixture);

        Assert.Empty(missing);

        // Refinements (inside if/then/else, dependentSchemas, not, and the completeness rules) restate
        // properties already described where they are defined. A reference brings its definition's description.
        static void Walk(JsonNode? node, string at, List<string> missing, SchemaFixture fixture)
        {
            if (node is not JsonObject obj)
            {
                return;
            }

            foreach (var (key, value) in obj)
            {
                if (key is "if" or "then" or "else" or "dependentSchemas" or "not" or "examples" or "default" or "defaultSnippets"
                    || at.EndsWith("/completeFile", StringComparison.Ordinal) || at.EndsWith("/completeScenario", StringComparison.Ordinal))
                {
                    continue;
                }

                if (key == "properties")
                {
                    foreach (var (name, property) in value!.AsObject())
                    {
                        if (property is JsonObject described && described["description"] is null
                            && (described["$ref"] is not { } reference || fixture.Definition(reference.GetValue<string>())["description"] is null))
                        {
                            missing.Add($"{at}/properties/{name}");
                        }
                    }
                }

                if (value is JsonObject)
                {
                    Walk(value, $"{at}/{key}", missing, fixture);
                }
                else if (value is JsonArray array)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{at}/{key}/{i}", missing, fixture);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every sample is valid for both. The samples are copied, whole folder, beside a pki/ folder of placeholder
    /// files, since the loader checks that TLS files exist and the PKI is made at run time (see SampleScenarioTests).
    /// </summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_IsAcceptedBySchemaAndLoader(string name)
    {
        using var folder = new TempFolder();
        var samples = Path.Combine(fixture.RepositoryRoot, "samples");
        foreach (var file in Directory.GetFiles(samples, "*", SearchOption.AllDirectories))
        {
            folder.Write(Path.Combine("samples", Path.GetRelativePath(samples, file)), File.ReadAllText(file));
        }

        foreach (var file in new[] { "ca.crt", "client.crt", "client.key", "client.p12" })
        {
            folder.Write(Path.Combine("pki", file), "placeholder");
        }

        var path = folder.Full(Path.Combine("samples", name));
        var yaml = File.ReadAllText(path);

        Assert.Empty(fixture.SchemaErrors(yaml));
        var plan = ScenarioLoader.Load(path);
        Assert.NotEmpty(plan.Scenarios);
    }

    [Theory]
    [MemberData(nameof(SchemaAgreementCases.Good), MemberType = typeof(SchemaAgreementCases))]
    public void GoodFile_IsAcceptedBySchemaAndLoader(string name, string yaml)
    {
        using var folder = SchemaAgreementCases.Files();

        var schemaErrors = fixture.SchemaErrors(yaml);
        var loaderErrors = SchemaFixture.LoaderErrors(yaml, folder.Path, SchemaAgreementCases.Environment);

        Assert.True(schemaErrors.Count == 0, $"{name}: the schema refuses it:\n{string.Join('\n', schemaErrors)}");
        Assert.True(loaderErrors.Count == 0, $"{name}: the loader refuses it:\n{string.Join('\n', loaderErrors)}");
    }

    [Theory]
    [MemberData(nameof(SchemaAgreementCases.Bad), MemberType = typeof(SchemaAgreementCases))]
    public void BadFile_IsRejectedBySchemaAndLoaderForTheSameReason(string name, string yaml, string schemaPath, string loaderMessage)
    {
        using var folder = SchemaAgreementCases.Files();

        var schemaErrors = fixture.SchemaErrors(yaml);
        var loaderErrors = SchemaFixture.LoaderErrors(yaml, folder.Path, SchemaAgreementCases.Environment);
        output.WriteLine($"schema:\n{string.Join('\n', schemaErrors)}\nloader:\n{string.Join('\n', loaderErrors)}");

        Assert.True(schemaErrors.Any(e => e.Path.StartsWith(schemaPath, StringComparison.Ordinal)),
            $"{name}: expected a schema error at {schemaPath}, got:\n{string.Join('\n', schemaErrors)}");
        Assert.True(loaderErrors.Any(e => e.ToString().Contains(loaderMessage, StringComparison.Ordinal)),
            $"{name}: expected a loader error containing `{loaderMessage}`, got:\n{string.Join('\n', loaderErrors)}");
    }

    /// <summary>A fragment that only overrides: valid as a fragment, but not as a whole file, for the schema and the loader.</summary>
    [Fact]
    public void Fragment_IsValidAsAFragmentButNotAsAFile()
    {
        const string fragment = "options:\n  timeout: ~\nscenarios:\n  shared:\n    vus: 3\n";

        Assert.Empty(fixture.SchemaErrors(fragment, "#/$defs/file"));
        var asFile = fixture.SchemaErrors(fragment);
        Assert.Contains(asFile, e => e.Path == "/options/timeout");
        Assert.Contains(asFile, e => e.Path == "/scenarios/shared" && e.Message.Contains("executor", StringComparison.Ordinal));
        Assert.NotEmpty(SchemaFixture.LoaderErrors(fragment, Path.GetTempPath()));
    }

    [Fact]
    public void IncludeRoot_CanRemoveAnIncludedKeyWithNothing_WhichAFileWithoutIncludeCannot()
    {
        const string Removal = "options:\n  timeout: ~\n";
        var withInclude = "include: shared/connection.yaml\n" + Removal;
        var without = Removal + "scenarios:\n  s: { executor: constant-vus, duration: 1s, requests: [ { url: http://127.0.0.1:5080/ } ] }\n";
        using var folder = SchemaAgreementCases.Files();

        Assert.Empty(fixture.SchemaErrors(withInclude));
        Assert.Empty(SchemaFixture.LoaderErrors(withInclude, folder.Path));
        Assert.Contains(fixture.SchemaErrors(without), e => e.Path == "/options/timeout");
        Assert.Contains(SchemaFixture.LoaderErrors(without, folder.Path), e => e.Message.StartsWith("options.timeout:", StringComparison.Ordinal));
    }

    [Fact]
    public void YamlJson_ResolvesPlainScalarsByTheCoreSchemaAndKeepsQuotedOnesText()
    {
        var json = YamlJson.Convert("""
            a: 10
            b: "10"
            c: 2.5
            d: true
            e: True
            f: yes
            g: ~
            h:
            i: 0x1F
            j: .inf
            k: !!str 5
            l: &anchor { x: 1 }
            m: *anchor
            n: [1, '2', null]
            """)!;

        Assert.Equal("""{"a":10,"b":"10","c":2.5,"d":true,"e":true,"f":"yes","g":null,"h":null,"i":31,"j":".inf","k":"5","l":{"x":1},"m":{"x":1},"n":[1,"2",null]}""",
            json.ToJsonString());
    }

    [Fact]
    public void BaseTemplates_OfTheBadCases_AreAcceptedByBoth()
    {
        using var folder = SchemaAgreementCases.Files();
        foreach (var yaml in SchemaAgreementCases.Bases())
        {
            Assert.Empty(fixture.SchemaErrors(yaml));
            Assert.Empty(SchemaFixture.LoaderErrors(yaml, folder.Path, SchemaAgreementCases.Environment));
        }
    }
}

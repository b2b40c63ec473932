using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Scenarios;
using Stampede.Scenarios.Data;
using Stampede.Scenarios.Templates;

namespace Stampede.Tests.Scenarios;

/// <summary>
/// Every key the binders know is in the schema at the same place, and the schema knows no other: a key added
/// to a binder, or an executor, step, check, extractor, strategy or metric, fails here until the schema has it.
/// </summary>
[Collection(SchemaTestsDefinition.Name)]
public sealed class SchemaCompletenessTests(SchemaFixture fixture)
{
    public static TheoryData<string, string[]> KeyLists() => new()
    {
        { "#/$defs/file", ScenarioLoader.RootKeys },
        { "#/$defs/options", OptionsBinder.Keys },
        { "#/$defs/tls", OptionsBinder.TlsKeys },
        { "#/$defs/trendCondition/anyOf/1", OptionsBinder.ThresholdKeys },
        { "#/$defs/counterCondition/anyOf/1", OptionsBinder.ThresholdKeys },
        { "#/$defs/rateCondition/anyOf/1", OptionsBinder.ThresholdKeys },
        { "#/$defs/gaugeCondition/anyOf/1", OptionsBinder.ThresholdKeys },
        { "#/$defs/scenario", [.. ScenarioLoader.ScenarioKeys, .. ExecutorBinder.AllFields] },
        { "#/$defs/stage", ExecutorBinder.StageKeys },
        { "#/$defs/request", RequestBinder.Keys },
        { "#/$defs/step", FlowBinder.StepKinds },
        { "#/$defs/flowRequest", FlowBinder.RequestKeys },
        { "#/$defs/check", [.. FlowBinder.CheckSubjects, .. FlowBinder.MatchKeys, "name"] },
        { "#/$defs/noOperator", FlowBinder.MatchKeys },
        { "#/$defs/extract/additionalProperties/anyOf/1", FlowBinder.ExtractSources },
        { "#/$defs/think/anyOf/1", FlowBinder.ThinkKinds },
        { "#/$defs/group", FlowBinder.GroupKeys },
        { "#/$defs/repeat", FlowBinder.RepeatKeys },
        { "#/$defs/foreach", FlowBinder.ForeachKeys },
        { "#/$defs/if", FlowBinder.IfKeys },
        { "#/$defs/data/additionalProperties/anyOf/1", DataBinder.Keys },
    };

    public static TheoryData<string> Executors() => new(ExecutorBinder.Names);

    [Theory]
    [MemberData(nameof(KeyLists))]
    public void Properties_AreTheKeysTheLoaderReads(string at, string[] loaderKeys)
    {
        var schemaKeys = fixture.Definition(at)["properties"]!.AsObject().Select(p => p.Key);

        Assert.Equal(loaderKeys.Order(StringComparer.Ordinal), schemaKeys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KeyLists))]
    public void Objects_WithTheLoadersKeys_RefuseOthers(string at, string[] loaderKeys)
    {
        // The key lists are the loader's unknown-key checks, so the schema closes each of these objects too;
        // noOperator only forbids keys inside the check, which is closed itself.
        Assert.NotEmpty(loaderKeys);
        Assert.True(at == "#/$defs/noOperator" || fixture.Definition(at)["additionalProperties"]?.GetValue<bool>() == false, at);
    }

    [Fact]
    public void ExecutorEnum_IsTheLoadersExecutorsInTheirOrder()
    {
        var names = fixture.Definition("#/$defs/scenario/properties/executor/anyOf/0")["enum"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(ExecutorBinder.Names, names);
    }

    [Theory]
    [MemberData(nameof(Executors))]
    public void ExecutorClause_AllowsExactlyTheExecutorsFields(string executor)
    {
        var forbidden = Clause(fixture.Definition("#/$defs/scenario"), executor)?["properties"]?.AsObject()
            .Where(p => p.Value is JsonValue v && v.GetValue<bool>() == false).Select(p => p.Key).ToHashSet(StringComparer.Ordinal) ?? [];

        var allowed = ExecutorBinder.AllFields.Where(f => !forbidden.Contains(f));

        Assert.Equal(ExecutorBinder.FieldsOf(executor)!.Order(StringComparer.Ordinal), allowed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Executors))]
    public void CompleteScenario_RequiresTheExecutorsRequiredFields(string executor)
    {
        var required = Clause(fixture.Definition("#/$defs/completeScenario"), executor)?["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [];

        Assert.Equal(ExecutorBinder.RequiredOf(executor)!.Order(StringComparer.Ordinal), required.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CheckSubjects_AreExactlyOneOfTheCheck()
    {
        var subjects = fixture.Definition("#/$defs/check")["oneOf"]!.AsArray().Select(n => Assert.Single(n!["required"]!.AsArray())!.GetValue<string>());

        Assert.Equal(FlowBinder.CheckSubjects, subjects);
    }

    [Fact]
    public void EnumsOfNames_AreTheLoadersNames()
    {
        Assert.Equal(HttpTransportKinds.Names, Strings(fixture.Definition("#/$defs/options/properties/transport/anyOf/0")["enum"]));
        Assert.Equal(DataStrategies.Names, Strings(fixture.Definition("#/$defs/data/additionalProperties/anyOf/1/properties/strategy")["enum"]));
        Assert.Equal(TemplateScope.Reserved, Strings(fixture.Definition("#/$defs/variableName/not")["enum"]));
        Assert.Equal(TemplateScope.Reserved, Strings(fixture.Definition("#/$defs/variableNameValue/not")["enum"]));
    }

    [Fact]
    public void ThresholdMetrics_AreTheBuiltinMetricsWithTheirTypesConditions()
    {
        var thresholds = fixture.Definition("#/$defs/thresholds");
        var properties = thresholds["properties"]!.AsObject();
        var patterns = thresholds["patternProperties"]!.AsObject().Select(p => (Regex: new Regex(p.Key), Ref: p.Value!["$ref"]!.GetValue<string>())).ToList();
        var names = new Regex(thresholds["propertyNames"]!["pattern"]!.GetValue<string>());

        Assert.Equal(BuiltinMetrics.ByName.Keys.Order(StringComparer.Ordinal), properties.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (name, metric) in BuiltinMetrics.ByName)
        {
            var conditions = $"#/$defs/{metric.Type.ToString().ToLowerInvariant()}Conditions";
            Assert.Equal(conditions, properties[name]!["$ref"]!.GetValue<string>());
            Assert.Equal([conditions], patterns.Where(p => p.Regex.IsMatch(name + "{name:x}")).Select(p => p.Ref));
            Assert.Matches(names, $" {name} {{ name : x , status:200 }}");
        }
    }

    /// <summary>The then-clause of the if that selects <paramref name="executor"/> in <paramref name="schema"/>'s allOf, or null.</summary>
    private static JsonObject? Clause(JsonObject schema, string executor)
    {
        foreach (var item in schema["allOf"]!.AsArray())
        {
            var selector = item!["if"]!["properties"]!["executor"]!;
            var selected = selector["const"] is { } one ? [one.GetValue<string>()] : Strings(selector["enum"]);
            if (selected.Contains(executor))
            {
                return item["then"]!.AsObject();
            }
        }

        return null;
    }

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}

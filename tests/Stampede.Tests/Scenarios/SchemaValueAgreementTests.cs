using System.Text.Json;
using System.Text.Json.Nodes;
using Stampede.Metrics;
using Stampede.Scenarios;
using Stampede.Thresholds;
using YamlDotNet.Core;

namespace Stampede.Tests.Scenarios;

/// <summary>
/// The schema's value rules (durations, rates, numbers, booleans, statuses, URLs, threshold expressions and
/// targets) accept exactly what the loader's own readers accept, text by text. Each text is tried quoted (a
/// string) and, when YAML reads it plain as a number, boolean or null whose JSON is written the same way, plain.
/// Plain texts JSON cannot tell apart (1e3, 10.0, 0x10 are just numbers to a schema) are covered quoted only;
/// docs/scenarios.md lists them among the loader-only rules.
/// </summary>
[Collection(SchemaTestsDefinition.Name)]
public sealed class SchemaValueAgreementTests(SchemaFixture fixture)
{
    private static readonly string[] Durations =
    [
        "0", "00", "0s", "1s", "30s", "1.5s", ".5s", "1.s", "1..5s", "1.2.3s", "500ms", "250us", "250µs", "100ns", "2m", "1h", "1d",
        "1h30m", "1h30m15s500ms", "1m1m", "1h30", "30", "30S", "1sm", "2mss", "s", "", " ", " 5s ", "5 s", "1h 30m", "-1s", "+1s",
        "1e3s", "0.0s", "10", "1,5s", "µs", "1x", "true",
    ];

    private static readonly string[] Rates =
    [
        "200", "0", "0.0", "-5", "+5", "2.5", ".5", "5.", "200/s", "200/1s", "5/100ms", "60/m", "1/h", "1.5/m", "10/1m30s", "1/.5s",
        "1/.s", "200/", "200/0s", "200/0", "200/x", "200/ s", "200 /s", "/s", "1/s/s", "1e3", " 10/s ", "ten", "0/s", "0.5/s", "",
    ];

    private static readonly string[] WholeNumbers =
    [
        "0", "1", "5", "-1", "-0", "+5", "05", "010", "1.0", "1.5", "1e2", "ten", "", " 5", "5 ", "2147483647", "-2147483648",
        "100", "99", "599", "600", "200", "+200", "0200", "2e2", "1_000",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "1.5", ".5", "5.", "-2", "-2.5", "+2", "-0", "-0.0", "-.0", "1e3", "abc", "", "1,5", " 1", "1 ", ".", "-", "1.2.3", "0.0",
    ];

    private static readonly string[] Booleans = ["true", "True", "TRUE", "tRuE", "false", "False", "FALSE", "yes", "no", "on", "1", "0", "", " true", "truex"];

    private static readonly string[] BaseUrls =
    [
        "http://a", "https://a:8443/x", "HTTP://A", "Https://a/b/", "http://127.0.0.1:5080", "http://[::1]:80/", "https://user@host/p",
        "ftp://a", "http://", "http:///x", "http:/a", "//a", "a", "/x", "http://a?b", "http://a#f", "http://a/?", "http://a/#", "mailto:x@y",
    ];

    private static readonly string[] Expressions =
    [
        "p(95)<500", "p(95) < 500", "p( 95 )<500", "p(99.9)<=2000", "p(100)<1", "p(100.0)<1", "p(100.1)<1", "p(0)<1", "p(-0)<1", "p(-1)<1",
        "p(095)<1", "p(95.)<1", "p95<500", "p (95)<500", "p(95)=500", "p(95)==500", "p(95)===500", "p(95)!=500", "p(95)<>500", "p(95)>=1",
        "avg<200", "med>=1", "min>0", "max<1e3", "max<1E+3", "max<1e", "avg<-5", "avg<+5", "avg<.5", "avg<5.", "avg<abc", "avg<Infinity",
        "avg<NaN", "avg<5,5", "count<5", "rate<0.1", "value<1", "AVG<200", " avg < 200 ", "avg", "<200", "avg<", "avg<200 over 30s",
        "avg<200 over 1s", "avg<200 over 1m30s", "avg<200 over 0.5m", "avg<200 over 1000ms", "avg<200 over 999ms", "avg<200 over 500ms",
        "avg<200 over 0.5s", "avg<200 over 1.5s", "avg<200 over 0", "avg<200 over 0s", "avg<200 over", "avg<200over 30s", "avg<200 over30s",
        "avg<200 over 30", "avg<200 under 30s", "avg<200 over 30s extra", "avg < 200 over 2s ", "rate<0.01 over 1h", "count==0 over 10m",
    ];

    private static readonly string[] Targets =
    [
        "http_req_duration", " http_req_duration ", "http_req_duration{name:x}", "http_req_duration {name:x}", "http_req_duration{name:x,status:200}",
        "http_req_duration{ name : x , status:200 }", "http_req_duration{}", "http_req_duration{name}", "http_req_duration{name:}", "http_req_duration{:x}",
        "http_req_duration{name:x,}", "http_req_duration{name:x", "http_req_duration{name:a:b}", "http_req_duration{name:a}}", "http_req_duration{name:x}x",
        "http_req_durations", "HTTP_REQ_DURATION", "vus", "vus_max", "vus_maxx", "checks{check:round trip}", "http_req_failed{status:429}", "",
        "{name:x}", "iterations{scenario:s}", "dropped_iterations", "stampede_scheduling_lag", "http_req_duration x",
    ];

    public static TheoryData<string> DurationTexts() => new(Durations);

    public static TheoryData<string> RateTexts() => new(Rates);

    public static TheoryData<string> WholeNumberTexts() => new(WholeNumbers);

    public static TheoryData<string> NumberTexts() => new(Numbers);

    public static TheoryData<string> BooleanTexts() => new(Booleans);

    public static TheoryData<string> BaseUrlTexts() => new(BaseUrls);

    public static TheoryData<string> TargetTexts() => new(Targets);

    public static TheoryData<string, string> ExpressionTexts()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in Enum.GetNames<MetricType>())
        {
            foreach (var expression in Expressions)
            {
                data.Add(type, expression);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DurationTexts))]
    public void Duration_SchemaAgreesWithTheLoader(string text)
    {
        AssertAgree(text, "#/$defs/duration", s => Read(s, NodeValues.Duration) is not null);
        AssertAgree(text, "#/$defs/positiveDuration", s => Read(s, NodeValues.Duration) is { } d && d > TimeSpan.Zero);
    }

    [Theory]
    [MemberData(nameof(RateTexts))]
    public void Rate_SchemaAgreesWithTheLoader(string text) => AssertAgree(text, "#/$defs/rate", s => Read(s, NodeValues.Rate) is not null);

    [Theory]
    [MemberData(nameof(WholeNumberTexts))]
    public void WholeNumber_SchemaAgreesWithTheLoader(string text)
    {
        AssertAgree(text, "#/$defs/nonNegativeInteger", s => Read(s, NodeValues.Int) >= 0);
        AssertAgree(text, "#/$defs/positiveInteger", s => Read(s, NodeValues.Int) > 0);
        AssertAgree(text, "#/$defs/positiveLong", s => Read(s, NodeValues.Long) > 0);
        AssertAgree(text, "#/$defs/status", s => Read(s, NodeValues.Int) is >= 100 and <= 599);
    }

    [Theory]
    [MemberData(nameof(NumberTexts))]
    public void Number_SchemaAgreesWithTheLoader(string text)
    {
        AssertAgree(text, "#/$defs/number", s => Read(s, NodeValues.Number) is not null);
        AssertAgree(text, "#/$defs/nonNegativeNumber", s => Read(s, NodeValues.Number) >= 0);
    }

    [Theory]
    [MemberData(nameof(BooleanTexts))]
    public void Boolean_SchemaAgreesWithTheLoader(string text) => AssertAgree(text, "#/$defs/boolean", s => Read(s, NodeValues.Bool) is not null);

    [Theory]
    [MemberData(nameof(BaseUrlTexts))]
    public void BaseUrl_SchemaAgreesWithTheLoader(string text) =>
        AssertAgree(text, "#/$defs/options/properties/baseUrl", s => !s.IsNull && ReadUrl(s) is not null);

    [Theory]
    [MemberData(nameof(ExpressionTexts))]
    public void ThresholdExpression_SchemaAgreesWithTheParser(string type, string expression)
    {
        var metric = BuiltinMetrics.ByName.Values.First(m => m.Type.ToString() == type);
        var parsed = ThresholdParser.TryParse(metric.Name, expression, new List<string>()) is not null;

        var accepted = fixture.Validator.Validate(JsonValue.Create(expression), $"#/$defs/{type.ToLowerInvariant()}Expression").Count == 0;

        Assert.True(parsed == accepted, $"{metric.Name}: `{expression}`: the parser {(parsed ? "accepts" : "refuses")} it, the schema {(accepted ? "accepts" : "refuses")} it");
    }

    [Theory]
    [MemberData(nameof(TargetTexts))]
    public void ThresholdTarget_SchemaAgreesWithTheParser(string target)
    {
        // A condition that fits the metric, so only the target can be wrong.
        var brace = target.IndexOf('{', StringComparison.Ordinal);
        var name = (brace < 0 ? target : target[..brace]).Trim();
        var expression = BuiltinMetrics.ByName.TryGetValue(name, out var metric)
            ? metric.Type switch { MetricType.Trend => "avg<1", MetricType.Counter => "count<1", MetricType.Rate => "rate<1", _ => "value<1" }
            : "avg<1";
        var parsed = ThresholdParser.TryParse(target, expression, new List<string>()) is not null;

        var accepted = fixture.Validator.Validate(new JsonObject { [target] = expression }, "#/$defs/thresholds").Count == 0;

        Assert.True(parsed == accepted, $"`{target}`: the parser {(parsed ? "accepts" : "refuses")} it, the schema {(accepted ? "accepts" : "refuses")} it");
    }

    /// <summary>Checks <paramref name="text"/> quoted, and plain when its JSON keeps it as written.</summary>
    private void AssertAgree(string text, string definition, Func<ScalarNode, bool> loader)
    {
        var quoted = loader(new ScalarNode(1, 1, text, isPlain: false));
        var accepted = fixture.Validator.Validate(JsonValue.Create(text), definition).Count == 0;
        Assert.True(quoted == accepted, $"'{text}' (quoted) for {definition}: the loader {(quoted ? "accepts" : "refuses")} it, the schema {(accepted ? "accepts" : "refuses")} it");

        if (!TryPlain(text, out var plain))
        {
            return;
        }

        var plainByLoader = loader(new ScalarNode(1, 1, text, isPlain: true));
        var plainBySchema = fixture.Validator.Validate(plain, definition).Count == 0;
        Assert.True(plainByLoader == plainBySchema,
            $"{text} (plain, {plain?.ToJsonString() ?? "null"}) for {definition}: the loader {(plainByLoader ? "accepts" : "refuses")} it, the schema {(plainBySchema ? "accepts" : "refuses")} it");
    }

    /// <summary>
    /// The JSON an editor sees for <paramref name="text"/> written plain, when it is not text and keeps the
    /// writing: a number written as JSON writes it, a boolean or null. False when there is nothing more to check
    /// (text, a number JSON writes differently, or spaces a plain scalar would drop).
    /// </summary>
    private static bool TryPlain(string text, out JsonNode? json)
    {
        json = null;
        if (text != text.Trim())
        {
            // Written plain, the spaces would not be part of the value.
            return false;
        }

        try
        {
            json = YamlJson.Convert("v: " + text)!["v"];
        }
        catch (YamlException)
        {
            return false;
        }

        return json switch
        {
            null => true,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => false,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString() == text,
            _ => true,
        };
    }

    private static T? Read<T>(ScalarNode node, Func<SourceNode, string, ScenarioDiagnostics, T?> read)
        where T : struct => read(node, "v", new ScenarioDiagnostics("test.yaml"));

    private static Uri? ReadUrl(ScalarNode node) =>
        RequestBinder.AbsoluteHttpUrl(node.Value, node, "v", new ScenarioDiagnostics("test.yaml")) is { Query: "", Fragment: "" } url ? url : null;
}

using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stampede.Tests.Scenarios;

/// <summary>
/// Converts a YAML document to the JSON a schema-aware editor (the YAML language server) validates, so the
/// schema tests see what users' editors see:
/// <list type="bullet">
/// <item>mappings become objects (keys are their text) and sequences arrays; an alias is expanded where it is used;</item>
/// <item>plain (unquoted, untagged) scalars are resolved with the YAML 1.2 core schema: <c>null</c>, <c>Null</c>,
/// <c>NULL</c>, <c>~</c> and the empty value are null; <c>true</c>/<c>True</c>/<c>TRUE</c> and the <c>false</c> forms are
/// booleans; <c>[-+]?[0-9]+</c>, <c>0o17</c> and <c>0x1F</c> are integers; <c>1.5</c>, <c>.5</c>, <c>1e3</c> are numbers;</item>
/// <item><c>.inf</c> and <c>.nan</c> stay text, as JSON has no such numbers;</item>
/// <item>quoted and block scalars are always text, as are scalars with a tag other than the core ones
/// (<c>!!str</c>, <c>!!int</c>, <c>!!float</c>, <c>!!bool</c>, <c>!!null</c>, which are honoured).</item>
/// </list>
/// A JSON number keeps no trace of how it was written, so <c>10.0</c> and <c>1e1</c> look like <c>10</c> to a schema.
/// </summary>
internal static partial class YamlJson
{
    private const string CoreTag = "tag:yaml.org,2002:";

    /// <summary>The single document in <paramref name="yaml"/> as JSON; null for an empty text.</summary>
    /// <exception cref="YamlException">The YAML is malformed.</exception>
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Object(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Node)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.GetType().Name} at {node.Start}"),
    };

    private static JsonObject Object(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : throw new NotSupportedException($"a key that is not text at {key.Start}");
            result.Add(name, Node(value));
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value switch
            {
                CoreTag + "null" => null,
                CoreTag + "bool" or CoreTag + "int" or CoreTag + "float" => Resolve(text) ?? JsonValue.Create(text),
                _ => JsonValue.Create(text),
            };
        }

        return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any ? Resolve(text) : JsonValue.Create(text);
    }

    /// <summary>A plain scalar by the YAML 1.2 core schema.</summary>
    private static JsonNode? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (DecimalInteger().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small)
                ? JsonValue.Create(small)
                : JsonNode.Parse(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (OctalInteger().IsMatch(text))
        {
            return JsonNode.Parse(Digits(text[2..], 8).ToString(CultureInfo.InvariantCulture));
        }

        if (HexInteger().IsMatch(text))
        {
            return JsonNode.Parse(Digits(text[2..], 16).ToString(CultureInfo.InvariantCulture));
        }

        if (Float().IsMatch(text))
        {
            var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(text);
        }

        return JsonValue.Create(text);
    }

    private static BigInteger Digits(string digits, int radix)
    {
        var value = BigInteger.Zero;
        foreach (var c in digits)
        {
            value = (value * radix) + System.Convert.ToInt32(c.ToString(), 16);
        }

        return value;
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^0o[0-7]+$")]
    private static partial Regex OctalInteger();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex HexInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}

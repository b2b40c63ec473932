using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stampede.Scenarios;

/// <summary>
/// Serializes a <c>json:</c> node once, at load time. Plain scalars keep their YAML meaning (numbers,
/// true/false, null); quoted scalars are always strings, so <c>"42"</c> stays text.
/// </summary>
internal static partial class JsonBody
{
    /// <summary>Aliases can repeat a subtree many times over; a body this large is a mistake, not a test.</summary>
    internal const int MaxBytes = 16 << 20;

    private const int MaxDepth = 256;

    /// <summary>Serializes <paramref name="node"/>; problems are reported at <paramref name="at"/>. With
    /// <paramref name="relaxed"/>, <c>'</c>, <c>+</c>, <c>&lt;</c>… stay unescaped, so <c>{{ … }}</c> templates inside
    /// strings stay readable for the template compiler.</summary>
    public static ReadOnlyMemory<byte> Write(SourceNode node, SourceNode at, string path, ScenarioDiagnostics diagnostics, bool relaxed = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions
        {
            MaxDepth = MaxDepth + 1,
            SkipValidation = false,
            Encoder = relaxed ? System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            if (!WriteNode(writer, node, 0))
            {
                diagnostics.Add(at, $"{path}: the JSON body is larger than {MaxBytes >> 20} MiB or nested deeper than {MaxDepth} levels",
                    "check aliases (*name) that repeat large parts of the file");
                return default;
            }
        }

        return buffer.WrittenMemory;
    }

    private static bool WriteNode(Utf8JsonWriter writer, SourceNode node, int depth)
    {
        if (depth > MaxDepth || writer.BytesCommitted + writer.BytesPending > MaxBytes)
        {
            return false;
        }

        switch (node)
        {
            case MappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(key.Value);
                    if (!WriteNode(writer, value, depth + 1))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                return true;

            case SequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    if (!WriteNode(writer, item, depth + 1))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;

            case ScalarNode { IsNull: true }:
                writer.WriteNullValue();
                return true;

            case ScalarNode { IsPlain: true, Value: "true" or "True" or "TRUE" }:
                writer.WriteBooleanValue(true);
                return true;

            case ScalarNode { IsPlain: true, Value: "false" or "False" or "FALSE" }:
                writer.WriteBooleanValue(false);
                return true;

            case ScalarNode { IsPlain: true } number when JsonNumber().IsMatch(number.Value):
                writer.WriteRawValue(number.Value, skipInputValidation: true);
                return true;

            case ScalarNode scalar:
                writer.WriteStringValue(scalar.Value);
                return true;

            default:
                return false;
        }
    }

    // YAML numbers that are also JSON numbers; others (0x1F, .inf) stay text rather than become invalid JSON.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}

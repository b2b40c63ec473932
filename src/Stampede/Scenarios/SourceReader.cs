using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Stampede.Scenarios;

/// <summary>
/// Turns YAML text into <see cref="SourceNode"/>s from YamlDotNet's parser events. Events rather than the
/// representation model, because the model stops at the first duplicate key and we report them all.
/// </summary>
internal static partial class SourceReader
{
    /// <summary>Deeper nesting is refused: no scenario needs it, and it would otherwise risk the stack.</summary>
    internal const int MaxDepth = 64;

    /// <summary>
    /// Reads the single document in <paramref name="yaml"/>; null when it is empty or malformed (reported).
    /// Every node and error names <paramref name="file"/>. An empty
    /// <paramref name="fragment"/> (an included file) reads as an empty mapping: it adds nothing, which is not a mistake.
    /// </summary>
    public static SourceNode? Read(string yaml, string file, ScenarioDiagnostics diagnostics, bool fragment)
    {
        var parser = new Parser(new StringReader(yaml));
        var anchors = new Dictionary<string, SourceNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                if (fragment)
                {
                    return new MappingNode(1, 1, []) { File = file };
                }

                diagnostics.Add(file, 1, 1, "the file is empty", "a scenario file needs at least `scenarios:`; see docs/scenarios.md");
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file, anchors, diagnostics, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart second)
            {
                diagnostics.Add(file, Int(second.Start.Line), Int(second.Start.Column), "a scenario file holds one YAML document, but a second one starts here",
                    "remove the `---` line or split the file");
            }

            return root;
        }
        catch (YamlException ex)
        {
            var (line, column) = ex.Message.Contains("tab", StringComparison.Ordinal)
                ? FirstIndentingTab(yaml, Int(ex.Start.Line), Int(ex.Start.Column))
                : (Int(ex.Start.Line), Int(ex.Start.Column));
            diagnostics.Add(file, line, column, "malformed YAML: " + CleanMessage(ex.Message),
                "check the indentation, quotes and colons at this position");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some broken flow collections
            // (e.g. an unclosed `{` followed by more lines); the last event read is the best position we have.
            var at = parser.Current?.End ?? Mark.Empty;
            diagnostics.Add(file, Int(at.Line), Int(at.Column), "malformed YAML: the text after this position cannot be read",
                "check for an unclosed [ or {, or a missing quote");
            return null;
        }
    }

    private static SourceNode ReadNode(IParser parser, string file, Dictionary<string, SourceNode> anchors, ScenarioDiagnostics diagnostics, int depth)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the file");
        if (depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, $"nesting deeper than {MaxDepth} levels");
        }

        SourceNode node;
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (alias.Value.IsEmpty)
                {
                    throw new YamlException(alias.Start, alias.End, "an alias (*) needs the name of an anchor");
                }

                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor defined before it");

            case Scalar scalar:
                parser.MoveNext();
                var isPlain = scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty;
                node = new ScalarNode(Int(scalar.Start.Line), Int(scalar.Start.Column), scalar.Value, isPlain) { File = file };
                break;

            case SequenceStart:
                parser.MoveNext();
                var items = new List<SourceNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, file, anchors, diagnostics, depth + 1));
                }

                node = new SequenceNode(Int(current.Start.Line), Int(current.Start.Column), items) { File = file };
                break;

            case MappingStart:
                parser.MoveNext();
                node = ReadMapping(parser, file, (MappingStart)current, anchors, diagnostics, depth);
                break;

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }

        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors[anchored.Anchor.Value] = node;
        }

        return node;
    }

    private static MappingNode ReadMapping(IParser parser, string file, MappingStart start, Dictionary<string, SourceNode> anchors,
        ScenarioDiagnostics diagnostics, int depth)
    {
        var entries = new List<KeyValuePair<ScalarNode, SourceNode>>();
        var seen = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(parser, file, anchors, diagnostics, depth + 1);
            var value = ReadNode(parser, file, anchors, diagnostics, depth + 1);
            if (key is not ScalarNode scalarKey)
            {
                diagnostics.Add(key, $"a key must be plain text, got {key.Describe()}");
            }
            else if (seen.TryGetValue(scalarKey.Value, out var first))
            {
                // Keep the first value: YAML forbids duplicates, and silently taking the last would hide a mistake.
                diagnostics.Add(scalarKey, $"duplicate key `{scalarKey.Value}`; it is already set at {first.Line}:{first.Column}",
                    "remove one of them");
            }
            else
            {
                seen.Add(scalarKey.Value, scalarKey);
                entries.Add(new(scalarKey, value));
            }
        }

        return new MappingNode(Int(start.Start.Line), Int(start.Start.Column), entries) { File = file };
    }

    /// <summary>YamlDotNet reports a tab used as indentation at the enclosing mapping; point at the tab itself.</summary>
    private static (int Line, int Column) FirstIndentingTab(string yaml, int fromLine, int fallbackColumn)
    {
        var lines = yaml.Split('\n');
        for (var i = fromLine - 1; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return (fromLine, fallbackColumn);
    }

    private static int Int(long value) => (int)Math.Clamp(value, 1, int.MaxValue);

    /// <summary>YamlDotNet prefixes messages with the marks, which our error format already shows.</summary>
    private static string CleanMessage(string message)
    {
        var cleaned = MarkPrefix().Replace(message, "").Trim().TrimEnd('.');
        return cleaned.Length == 0 ? "the YAML cannot be read" : char.ToLowerInvariant(cleaned[0]) + cleaned[1..];
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}

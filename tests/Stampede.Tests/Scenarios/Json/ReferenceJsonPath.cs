using System.Text.Json;

namespace Stampede.Tests.Scenarios.Json;

/// <summary>
/// A deliberately simple JSONPath evaluator over <see cref="JsonDocument"/>, written independently of the
/// streaming engine to cross-check it: it builds node lists segment by segment (RFC 9535 style), then
/// removes duplicates and sorts by document order, which is what the engine promises. Nodes are
/// identified by their path of child ordinals, whose lexicographic order is document order.
/// </summary>
internal static class ReferenceJsonPath
{
    private sealed record Node(JsonElement Value, int[] Path);

    /// <summary>A child as selectors see it: its name (objects) or index and array length (arrays), and its value.</summary>
    internal sealed record Child(string? Name, int Index, int Length, JsonElement Value);

    public static List<string> Evaluate(string path, string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        var parser = new ReferenceJsonPathParser(path);
        var nodes = new List<Node> { new(document.RootElement, []) };
        parser.Take('$');
        while (!parser.AtEnd)
        {
            var (descendant, selectors) = parser.Segment();
            var next = new List<Node>();
            foreach (var node in nodes)
            {
                foreach (var input in descendant ? SelfAndDescendants(node) : [node])
                {
                    foreach (var (child, childNode) in Children(input))
                    {
                        if (selectors.Exists(select => select(child)))
                        {
                            next.Add(childNode);
                        }
                    }
                }
            }

            nodes = next;
        }

        var distinct = new Dictionary<string, Node>();
        foreach (var node in nodes)
        {
            distinct.TryAdd(string.Join('/', node.Path), node);
        }

        var ordered = distinct.Values.ToList();
        ordered.Sort((x, y) => ComparePaths(x.Path, y.Path));
        return ordered.ConvertAll(n => n.Value.GetRawText());
    }

    private static int ComparePaths(int[] x, int[] y)
    {
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] != y[i])
            {
                return x[i].CompareTo(y[i]);
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    private static IEnumerable<Node> SelfAndDescendants(Node node)
    {
        yield return node;
        foreach (var (_, child) in Children(node))
        {
            foreach (var descendant in SelfAndDescendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static List<(Child, Node)> Children(Node node)
    {
        var children = new List<(Child, Node)>();
        var ordinal = 0;
        if (node.Value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in node.Value.EnumerateObject())
            {
                children.Add((new Child(property.Name, -1, 0, property.Value), new Node(property.Value, [.. node.Path, ordinal++])));
            }
        }
        else if (node.Value.ValueKind == JsonValueKind.Array)
        {
            var length = node.Value.GetArrayLength();
            foreach (var element in node.Value.EnumerateArray())
            {
                children.Add((new Child(null, ordinal, length, element), new Node(element, [.. node.Path, ordinal++])));
            }
        }

        return children;
    }
}

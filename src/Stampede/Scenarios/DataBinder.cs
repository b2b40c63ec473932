using Stampede.Scenarios.Data;

namespace Stampede.Scenarios;

/// <summary>A data source declared under <c>data:</c>, loaded once and shared by every scenario and VU.</summary>
internal sealed record BoundData(string Name, DataFeeder Feeder);

/// <summary>
/// Reads <c>data:</c> — <c>users: users.csv</c>, or <c>users: { file: users.csv, strategy: unique-per-vu }</c> —
/// loading each file now, so a missing file or a malformed row is a load error with its position.
/// </summary>
internal static class DataBinder
{
    internal static readonly string[] Keys = ["file", "strategy"];

    public static IReadOnlyList<BoundData> Bind(MappingReader? data, string baseDirectory, ScenarioLoadOptions load, ScenarioDiagnostics diagnostics)
    {
        if (data is null)
        {
            return [];
        }

        var bound = new List<BoundData>();
        foreach (var (name, value) in data.Node.Entries)
        {
            var path = data.PathOf(name.Value);
            if (!System.Text.RegularExpressions.Regex.IsMatch(name.Value, "^[A-Za-z_][A-Za-z0-9_]*$") || Templates.TemplateScope.Reserved.Contains(name.Value))
            {
                diagnostics.Add(name, $"{path}: '{name.Value}' cannot name a data source", "use letters, digits and _ (not vu, iteration or env)");
                continue;
            }

            string? file;
            SourceNode fileNode;
            var strategy = DataStrategy.Circular;
            if (value is ScalarNode scalar)
            {
                file = NodeValues.Text(scalar, path, diagnostics);
                fileNode = scalar;
            }
            else if (NodeValues.Mapping(value, path, diagnostics) is { } mapping)
            {
                var r = new MappingReader(mapping, path, name, diagnostics);
                r.CheckKeys(Keys);
                r.Require("file", "a data source needs `file`", "e.g. `users: { file: users.csv, strategy: unique-per-vu }`");
                file = r.Text("file");
                fileNode = r["file"] ?? name;
                if (r.Text("strategy") is { } text)
                {
                    if (!DataStrategies.TryParse(text, out strategy))
                    {
                        diagnostics.Add(r["strategy"]!, $"{r.PathOf("strategy")}: unknown strategy '{text}'", Suggestions.Hint(text, [.. DataStrategies.Names]));
                        continue;
                    }
                }
            }
            else
            {
                continue;
            }

            if (file is null)
            {
                continue;
            }

            var full = Path.GetFullPath(Path.Combine(baseDirectory, file));
            try
            {
                var table = DataTable.Load(full);
                if (load.SegmentCount > 1)
                {
                    table = table.Partition(load.SegmentIndex, load.SegmentCount);
                }

                bound.Add(new BoundData(name.Value, new DataFeeder(table, strategy)));
            }
            catch (DataFileException ex)
            {
                var where = ex.Line > 0 ? $"{file}:{ex.Line}:{ex.Column}: " : $"{file}: ";
                diagnostics.Add(fileNode, $"{path}: {where}{ex.Detail}", ex.Hint);
            }
        }

        return bound;
    }
}

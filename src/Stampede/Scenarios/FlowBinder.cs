using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Scenarios.Flow;
using Stampede.Scenarios.Json;
using Stampede.Scenarios.Templates;
using ValueMatch = Stampede.Scenarios.Flow.ValueMatch;

namespace Stampede.Scenarios;

/// <summary>
/// Reads a scenario's <c>flow:</c> into compiled <see cref="Step"/>s: each item is a mapping with one step
/// key (<c>request</c>, <c>group</c>, <c>think</c>, <c>check</c>, <c>extract</c>, <c>set</c>, <c>repeat</c>,
/// <c>foreach</c>, <c>if</c>). Templates are compiled here; every problem is reported with its position.
/// </summary>
internal sealed class FlowBinder(RequestDefaults defaults, TemplateScope scope, string baseDirectory, ScenarioDiagnostics diagnostics)
{
    public static readonly string[] StepKinds = ["request", "group", "think", "check", "extract", "set", "repeat", "foreach", "if"];

    internal static readonly string[] RequestKeys =
        ["name", "method", "url", "query", "headers", "body", "json", "form", "file", "contentType", "timeout", "expect", "tags", "check", "extract"];

    internal static readonly string[] CheckSubjects = ["status", "header", "bodyContains", "regex", "jsonpath", "durationBelow"];
    internal static readonly string[] MatchKeys = ["exists", "absent", "equals", "notEquals", "contains", "matches", "lt", "lte", "gt", "gte"];
    internal static readonly string[] ExtractSources = ["jsonpath", "regex", "header", "cookie"];
    internal static readonly string[] ThinkKinds = ["fixed", "uniform", "normal", "poisson"];
    internal static readonly string[] GroupKeys = ["name", "steps"];
    internal static readonly string[] RepeatKeys = ["times", "as", "steps"];
    internal static readonly string[] ForeachKeys = ["in", "as", "steps"];
    internal static readonly string[] IfKeys = ["when", "then", "else"];
    private static readonly string[] BodyKeys = ["body", "json", "form", "file"];

    private readonly List<(RequestStep Step, SourceNode Url, string Path)> _unsealed = [];

    /// <summary>Whether VUs keep cookies: requests then keep the response's Set-Cookie headers.</summary>
    public bool Cookies { get; init; } = true;

    public Step[] BindList(SourceNode node, string path, string group)
    {
        if (NodeValues.Sequence(node, path, diagnostics) is not { } list)
        {
            return [];
        }

        if (list.Items.Count == 0)
        {
            diagnostics.Add(list, $"{path}: the list of steps is empty", "add at least one step, e.g. `- request: { url: /health }`");
        }

        var steps = new List<Step>();
        var unsealedFrom = _unsealed.Count;
        RequestStep? lastRequest = null;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (NodeValues.Mapping(list.Items[i], itemPath, diagnostics) is not { } mapping)
            {
                continue;
            }

            var reader = new MappingReader(mapping, itemPath, diagnostics);
            if (mapping.Entries.Count != 1 || !StepKinds.Contains(mapping.Entries[0].Key.Value))
            {
                ReportStepShape(reader, mapping);
                continue;
            }

            var (key, value) = mapping.Entries[0];
            var stepPath = $"{itemPath}.{key.Value}";
            Step? step = key.Value switch
            {
                "request" => BindRequest(value, key, stepPath, group),
                "group" => BindGroup(value, key, stepPath, group),
                "think" => BindThink(value, stepPath),
                "check" => BindResponseStep(value, null, stepPath, group, lastRequest, key),
                "extract" => BindResponseStep(null, value, stepPath, group, lastRequest, key),
                "set" => BindSet(value, stepPath),
                "repeat" => BindRepeat(value, key, stepPath, group),
                "foreach" => BindForeach(value, key, stepPath, group),
                _ => BindIf(value, key, stepPath, group),
            };
            if (step is RequestStep request)
            {
                lastRequest = request;
            }

            if (step is not null)
            {
                steps.Add(step);
            }
        }

        // Sealed only now: a standalone check or extract later in the list may ask a request to keep more.
        foreach (var (request, urlNode, urlPath) in _unsealed[unsealedFrom..])
        {
            if (request.Request.Seal() is { } error)
            {
                diagnostics.Add(urlNode, $"{urlPath}: {error}", "write it like http://127.0.0.1:5080/path, or set options.baseUrl");
                steps.Remove(request);
            }
        }

        _unsealed.RemoveRange(unsealedFrom, _unsealed.Count - unsealedFrom);
        return [.. steps];
    }

    private void ReportStepShape(MappingReader reader, MappingNode mapping)
    {
        var known = mapping.Entries.Where(e => StepKinds.Contains(e.Key.Value)).ToList();
        if (known.Count > 1)
        {
            diagnostics.Add(known[1].Key, $"{reader.Path}: one step per list item, found `{known[0].Key.Value}` and `{known[1].Key.Value}`",
                "start a new item with `- ` for each step");
            return;
        }

        var odd = mapping.Entries.FirstOrDefault(e => !StepKinds.Contains(e.Key.Value)).Key ?? (SourceNode)mapping;
        var name = (odd as ScalarNode)?.Value ?? "";
        var hint = RequestKeys.Contains(name)
            ? $"`{name}` belongs inside a request: `- request: {{ url: …, {name}: … }}`"
            : Suggestions.Hint(name, StepKinds);
        diagnostics.Add(odd, $"{reader.Path}: `{name}` is not a step", hint);
    }

    private RequestStep? BindRequest(SourceNode node, SourceNode at, string path, string group)
    {
        if (NodeValues.Mapping(node, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var r = new MappingReader(mapping, path, at, diagnostics);
        var before = diagnostics.Count;
        r.CheckKeys(RequestKeys);
        r.Require("url", "a request needs `url`", "for example `url: /health`");
        var urlText = r.Text("url");
        var url = urlText is null ? null : Url(urlText, r["url"]!, r.PathOf("url"));
        var method = RequestBinder.Method(r);
        var headers = Headers(r);
        var query = Pairs(r, "query", TemplateEscape.Query);
        var body = Body(r, ref headers, out var form, out var file);
        var timeout = r.PositiveDuration("timeout");
        var expect = RequestBinder.Expect(r);
        var tags = OptionsBinder.Tags(r, "tags");
        var checks = r["check"] is { } checkNode ? BindChecks(checkNode, r.PathOf("check")) : [];
        var extractors = r["extract"] is { } extractNode ? BindExtractors(extractNode, r.PathOf("extract")) : [];
        var name = r.Text("name") ?? urlText;
        if (diagnostics.Count > before || url is null || method is null || name is null)
        {
            return null;
        }

        var request = new RequestTemplate
        {
            Name = name,
            Method = method,
            Url = url,
            Query = query,
            Headers = headers,
            Body = body,
            Form = form,
            FileBody = file,
            Timeout = timeout,
            ExpectedStatuses = expect,
        };
        Needs(request, checks, extractors);
        var step = new RequestStep(path, request, checks, extractors, group, tags);
        _unsealed.Add((step, r["url"]!, r.PathOf("url")));
        return step;
    }

    /// <summary>Makes the request keep what its checks and extractors read, and Set-Cookie for the jar.</summary>
    private void Needs(RequestTemplate request, Check[] checks, Extractor[] extractors)
    {
        request.CaptureBody |= checks.Any(c => c.NeedsBody) || extractors.Any(e => e.NeedsBody);
        var headers = (HeaderCapture)Math.Max((byte)request.CaptureHeaders,
            Math.Max(checks.Select(c => (byte)c.NeedsHeaders).DefaultIfEmpty().Max(), extractors.Select(e => (byte)e.NeedsHeaders).DefaultIfEmpty().Max()));
        if (Cookies && headers == HeaderCapture.None)
        {
            headers = HeaderCapture.Cookies;
        }

        request.CaptureHeaders = headers;
    }

    private Template? Url(string text, SourceNode at, string path)
    {
        if (!TemplateCompiler.HasExpressions(text))
        {
            return RequestBinder.Resolve(text, at, path, defaults, diagnostics) is { } absolute ? Template.Of(absolute.OriginalString) : null;
        }

        var absoluteTemplate = Regex.IsMatch(text, "^[A-Za-z][A-Za-z0-9+.-]*://") || text.StartsWith("{{", StringComparison.Ordinal);
        if (!absoluteTemplate)
        {
            if (defaults.BaseUrl is null)
            {
                if (!defaults.BaseUrlInvalid)
                {
                    diagnostics.Add(at, $"{path}: '{text}' is a relative URL and there is no base URL", "set options.baseUrl or use an absolute URL");
                }

                return null;
            }

            text = defaults.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + text.TrimStart('/');
        }

        return TemplateCompiler.Compile(text, at, path, scope, diagnostics);
    }

    private (string Name, Template Value)[] Headers(MappingReader r)
    {
        var own = RequestBinder.Headers(r, "headers") ?? [];
        var merged = new List<(string, Template)>();
        foreach (var header in defaults.Headers)
        {
            if (!own.Exists(h => h.Key.Equals(header.Key, StringComparison.OrdinalIgnoreCase)))
            {
                merged.Add((header.Key, Compile(header.Value, r.Node, "options.headers." + header.Key) ?? Template.Of(header.Value)));
            }
        }

        var nodes = r.Mapping("headers");
        foreach (var (name, value) in own)
        {
            var at = nodes?.Node.Find(name) ?? r.Node;
            if (Compile(value, at, $"{r.PathOf("headers")}.{name}") is { } template)
            {
                merged.Add((name, template));
            }
        }

        return [.. merged];
    }

    private (string Key, Template Value)[] Pairs(MappingReader r, string key, TemplateEscape escape)
    {
        if (r.TextMap(key) is not { } map)
        {
            return [];
        }

        var pairs = new List<(string, Template)>();
        foreach (var (name, value) in map)
        {
            if (Compile(value, name, $"{r.PathOf(key)}.{name.Value}", escape) is { } template)
            {
                pairs.Add((name.Value, template));
            }
        }

        return [.. pairs];
    }

    private Template? Body(MappingReader r, ref (string Name, Template Value)[] headers, out (string Key, Template Value)[]? form, out ReadOnlyMemory<byte> file)
    {
        form = null;
        file = default;
        var given = BodyKeys.Where(r.Has).ToList();
        if (given.Count > 1)
        {
            diagnostics.Add(r[given[1]]!, $"{r.Path}: a request has one of body, json, form or file, found `{given[0]}` and `{given[1]}`", "keep one of them");
            return null;
        }

        var contentType = r.Text("contentType");
        string? implied = null;
        Template? body = null;
        switch (given.FirstOrDefault())
        {
            case "body":
                body = r.Text("body") is { } text ? Compile(text, r["body"]!, r.PathOf("body")) : null;
                break;
            case "json":
                var json = Encoding.UTF8.GetString(JsonBody.Write(r["json"]!, r.Node.FindKey("json")!, r.PathOf("json"), diagnostics, relaxed: true).Span);
                body = TemplateCompiler.Compile(json, r.Node.FindKey("json")!, r.PathOf("json"), scope, diagnostics, TemplateEscape.JsonString, literalsEscaped: true);
                implied = "application/json";
                break;
            case "form":
                form = Pairs(r, "form", TemplateEscape.Query);
                implied = "application/x-www-form-urlencoded";
                break;
            case "file":
                if (r.Text("file") is { } fileName)
                {
                    var full = Path.GetFullPath(Path.Combine(baseDirectory, fileName));
                    try
                    {
                        file = File.ReadAllBytes(full);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        diagnostics.Add(r["file"]!, $"{r.PathOf("file")}: cannot read '{fileName}' ({full}): {ex.Message}",
                            "paths are relative to the scenario file's folder");
                    }
                }

                implied = "application/octet-stream";
                break;
        }

        var type = contentType ?? implied;
        if (type is not null && !Array.Exists(headers, h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers = [.. headers, ("Content-Type", Template.Of(type))];
        }

        return body;
    }

    private Check[] BindChecks(SourceNode node, string path)
    {
        var items = node is SequenceNode list ? list.Items : [node];
        var checks = new List<Check>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is SequenceNode ? $"{path}[{i}]" : path;
            if (NodeValues.Mapping(items[i], itemPath, diagnostics) is { } mapping && BindCheck(new MappingReader(mapping, itemPath, diagnostics)) is { } check)
            {
                checks.Add(check);
            }
        }

        return [.. checks];
    }

    private Check? BindCheck(MappingReader r)
    {
        r.CheckKeys([.. CheckSubjects, .. MatchKeys, "name"]);
        var subjects = CheckSubjects.Where(r.Has).ToList();
        if (subjects.Count != 1)
        {
            diagnostics.Add(r.Node, subjects.Count == 0
                ? $"{r.Path}: a check needs one of {string.Join(", ", CheckSubjects)}"
                : $"{r.Path}: a check tests one thing, found `{subjects[0]}` and `{subjects[1]}`",
                "e.g. `{ status: 200 }` or `{ jsonpath: $.id, exists: true }`");
            return null;
        }

        var subject = subjects[0];
        var given = r.Text("name");
        switch (subject)
        {
            case "status":
                NoMatchKeys(r, subject);
                var statuses = StatusList(r["status"]!, r.PathOf("status"));
                return statuses is null ? null : new StatusCheck(given ?? $"status is {string.Join(" or ", statuses)}", statuses);
            case "durationBelow":
                NoMatchKeys(r, subject);
                return r.PositiveDuration("durationBelow") is { } limit
                    ? new DurationCheck(given ?? $"duration < {Engine.Durations.Format(limit)}", limit)
                    : null;
            case "bodyContains":
                NoMatchKeys(r, subject);
                return r.Text("bodyContains") is { } text && Compile(text, r["bodyContains"]!, r.PathOf("bodyContains")) is { } needle
                    ? new BodyContainsCheck(given ?? $"body contains '{text}'", needle)
                    : null;
            case "header":
                var header = r.Text("header");
                var headerMatch = Match(r, required: true, numeric: false);
                return header is null || headerMatch is null ? null : new HeaderCheck(given ?? $"header {header} {headerMatch.Describe}", header, headerMatch.Match);
            case "regex":
                var pattern = r.Text("regex") is { } re ? Pattern(re, r["regex"]!, r.PathOf("regex")) : null;
                var regexMatch = Match(r, required: false, numeric: true);
                return pattern is null || (regexMatch is null && MatchKeys.Any(r.Has))
                    ? null
                    : new RegexCheck(given ?? $"body matches /{pattern}/" + (regexMatch is null ? "" : " " + regexMatch.Describe), pattern, regexMatch?.Match);
            default:
                var path = r.Text("jsonpath") is { } text2 ? JsonPathOf(text2, r["jsonpath"]!, r.PathOf("jsonpath")) : null;
                var jsonMatch = Match(r, required: true, numeric: true);
                return path is null || jsonMatch is null ? null : new JsonPathCheck(given ?? $"{path.Text} {jsonMatch.Describe}", path, jsonMatch.Match);
        }
    }

    private void NoMatchKeys(MappingReader r, string subject)
    {
        foreach (var key in MatchKeys.Where(r.Has))
        {
            diagnostics.Add(r.Node.FindKey(key)!, $"{r.Path}: `{key}` does not go with `{subject}`",
                "operators go with header, regex and jsonpath checks");
        }
    }

    private sealed record BoundMatch(ValueMatch Match, string Describe);

    private BoundMatch? Match(MappingReader r, bool required, bool numeric)
    {
        var keys = MatchKeys.Where(r.Has).ToList();
        if (keys.Count == 0)
        {
            if (required)
            {
                diagnostics.Add(r.Node, $"{r.Path}: say what to test: one of {string.Join(", ", MatchKeys)}", "e.g. `exists: true` or `equals: ok`");
                return null;
            }

            return new BoundMatch(new ValueMatch(MatchKind.Exists, null, 0, null), "exists");
        }

        if (keys.Count > 1)
        {
            diagnostics.Add(r.Node.FindKey(keys[1])!, $"{r.Path}: one operator per check, found `{keys[0]}` and `{keys[1]}`", "write two checks");
            return null;
        }

        var key = keys[0];
        var node = r[key]!;
        var path = r.PathOf(key);
        switch (key)
        {
            case "exists" or "absent":
                if (r.Bool(key) is not { } flag)
                {
                    return null;
                }

                var exists = flag == (key == "exists");
                return new BoundMatch(new ValueMatch(exists ? MatchKind.Exists : MatchKind.Absent, null, 0, null), exists ? "exists" : "is absent");
            case "matches":
                return r.Text(key) is { } re && Pattern(re, node, path) is { } pattern
                    ? new BoundMatch(new ValueMatch(MatchKind.Matches, null, 0, pattern), $"matches /{re}/")
                    : null;
            case "lt" or "lte" or "gt" or "gte":
                if (!numeric)
                {
                    diagnostics.Add(r.Node.FindKey(key)!, $"{path}: numeric comparisons go with jsonpath and regex checks", "use equals, contains or matches");
                    return null;
                }

                if (r.Number(key) is not { } number)
                {
                    return null;
                }

                var (kind, symbol) = key switch
                {
                    "lt" => (MatchKind.Less, "<"),
                    "lte" => (MatchKind.LessOrEqual, "<="),
                    "gt" => (MatchKind.Greater, ">"),
                    _ => (MatchKind.GreaterOrEqual, ">="),
                };
                return new BoundMatch(new ValueMatch(kind, null, number, null), $"{symbol} {number.ToString(CultureInfo.InvariantCulture)}");
            default:
                if (node is not ScalarNode scalar)
                {
                    diagnostics.Add(node, $"{path}: expected a value, got {node.Describe()}", "e.g. `equals: ok`");
                    return null;
                }

                var (valueKind, verb) = key switch
                {
                    "equals" => (MatchKind.Equals, "equals"),
                    "notEquals" => (MatchKind.NotEquals, "does not equal"),
                    _ => (MatchKind.Contains, "contains"),
                };
                return Compile(scalar.Value, node, path) is { } expected
                    ? new BoundMatch(new ValueMatch(valueKind, expected, 0, null), $"{verb} '{scalar.Value}'")
                    : null;
        }
    }

    private Extractor[] BindExtractors(SourceNode node, string path)
    {
        if (NodeValues.Mapping(node, path, diagnostics) is not { } mapping)
        {
            return [];
        }

        var extractors = new List<Extractor>();
        foreach (var (name, value) in mapping.Entries)
        {
            var itemPath = $"{path}.{name.Value}";
            if (!VariableName(name, itemPath))
            {
                continue;
            }

            var slot = scope.Define(name.Value);
            if (value is ScalarNode { IsNull: false } shorthand)
            {
                // extract: { token: $.auth.token } — a JSONPath.
                if (JsonPathOf(shorthand.Value, shorthand, itemPath) is { } jsonPath)
                {
                    extractors.Add(new JsonPathExtractor(name.Value, slot, jsonPath));
                }

                continue;
            }

            if (NodeValues.Mapping(value, itemPath, diagnostics) is not { } source)
            {
                continue;
            }

            var r = new MappingReader(source, itemPath, name, diagnostics);
            r.CheckKeys(ExtractSources);
            var kinds = ExtractSources.Where(r.Has).ToList();
            if (kinds.Count != 1)
            {
                diagnostics.Add(source, $"{itemPath}: say where the value comes from: one of {string.Join(", ", ExtractSources)}",
                    "e.g. `{ jsonpath: $.id }` or `{ header: Location }`");
                continue;
            }

            var text = r.Text(kinds[0]);
            if (text is null)
            {
                continue;
            }

            Extractor? extractor = kinds[0] switch
            {
                "jsonpath" => JsonPathOf(text, r["jsonpath"]!, r.PathOf("jsonpath")) is { } p ? new JsonPathExtractor(name.Value, slot, p) : null,
                "regex" => Pattern(text, r["regex"]!, r.PathOf("regex")) is { } re ? new RegexExtractor(name.Value, slot, re) : null,
                "header" => new HeaderExtractor(name.Value, slot, text),
                _ => new CookieExtractor(name.Value, slot, text),
            };
            if (extractor is not null)
            {
                extractors.Add(extractor);
            }
        }

        return [.. extractors];
    }

    private GroupStep? BindGroup(SourceNode node, SourceNode at, string path, string group)
    {
        if (NodeValues.Mapping(node, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var r = new MappingReader(mapping, path, at, diagnostics);
        r.CheckKeys(GroupKeys);
        r.Require("name", "a group needs `name`", "e.g. `group: { name: login, steps: [...] }`");
        r.Require("steps", "a group needs `steps`", "list the steps it groups");
        var name = r.Text("name");
        var steps = r["steps"] is { } stepsNode && name is not null ? BindList(stepsNode, r.PathOf("steps"), $"{group}::{name}") : [];
        return name is null ? null : new GroupStep(path, name, steps);
    }

    private ThinkStep? BindThink(SourceNode node, string path)
    {
        if (node is ScalarNode)
        {
            return NodeValues.Duration(node, path, diagnostics) is { } fixedPause ? Think(path, ThinkDistribution.Fixed, fixedPause, TimeSpan.Zero, node) : null;
        }

        if (NodeValues.Mapping(node, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var r = new MappingReader(mapping, path, diagnostics);
        r.CheckKeys(ThinkKinds);
        if (mapping.Entries.Count != 1 || !ThinkKinds.Contains(mapping.Entries[0].Key.Value))
        {
            diagnostics.Add(mapping, $"{path}: give one of {string.Join(", ", ThinkKinds)}",
                "e.g. `think: 1s`, `think: { uniform: [1s, 3s] }`, `think: { normal: [2s, 500ms] }` (mean, deviation) or `think: { poisson: 2s }` (mean)");
            return null;
        }

        var (key, value) = mapping.Entries[0];
        var valuePath = $"{path}.{key.Value}";
        switch (key.Value)
        {
            case "fixed":
                return NodeValues.Duration(value, valuePath, diagnostics) is { } f ? Think(path, ThinkDistribution.Fixed, f, TimeSpan.Zero, value) : null;
            case "poisson":
                return NodeValues.Duration(value, valuePath, diagnostics) is { } mean ? Think(path, ThinkDistribution.Poisson, mean, TimeSpan.Zero, value) : null;
            default:
                if (NodeValues.Sequence(value, valuePath, diagnostics) is not { } pair)
                {
                    return null;
                }

                if (pair.Items.Count != 2)
                {
                    diagnostics.Add(pair, $"{valuePath}: expected two durations, got {pair.Items.Count}",
                        key.Value == "uniform" ? "e.g. [1s, 3s] (min, max)" : "e.g. [2s, 500ms] (mean, standard deviation)");
                    return null;
                }

                var a = NodeValues.Duration(pair.Items[0], valuePath + "[0]", diagnostics);
                var b = NodeValues.Duration(pair.Items[1], valuePath + "[1]", diagnostics);
                if (a is null || b is null)
                {
                    return null;
                }

                if (key.Value == "uniform" && b < a)
                {
                    diagnostics.Add(pair, $"{valuePath}: the maximum {Engine.Durations.Format(b.Value)} is below the minimum {Engine.Durations.Format(a.Value)}", "write [min, max]");
                    return null;
                }

                return Think(path, key.Value == "uniform" ? ThinkDistribution.Uniform : ThinkDistribution.Normal, a.Value, b.Value, value);
        }
    }

    private ThinkStep? Think(string path, ThinkDistribution distribution, TimeSpan a, TimeSpan b, SourceNode at)
    {
        if (a < TimeSpan.Zero || b < TimeSpan.Zero)
        {
            diagnostics.Add(at, $"{path}: think times cannot be negative", "e.g. 500ms");
            return null;
        }

        return new ThinkStep(path, distribution, a, b);
    }

    private ResponseStep? BindResponseStep(SourceNode? checkNode, SourceNode? extractNode, string path, string group, RequestStep? lastRequest, SourceNode at)
    {
        var checks = checkNode is null ? [] : BindChecks(checkNode, path);
        var extractors = extractNode is null ? [] : BindExtractors(extractNode, path);
        if (lastRequest is null)
        {
            diagnostics.Add(at, $"{path}: a standalone {(checkNode is null ? "extract" : "check")} applies to the request before it, and there is none in this list",
                "put it after a request, or inside the request (`request: { …, check: [...] }`)");
            return null;
        }

        Needs(lastRequest.Request, checks, extractors);
        foreach (var check in checks)
        {
            check.Group = group;
        }

        return new ResponseStep(path, checks, extractors);
    }

    private SetStep? BindSet(SourceNode node, string path)
    {
        if (NodeValues.Mapping(node, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var assignments = new List<(int, string, Template)>();
        foreach (var (name, value) in mapping.Entries)
        {
            var itemPath = $"{path}.{name.Value}";
            if (!VariableName(name, itemPath) || NodeValues.Text(value, itemPath, diagnostics) is not { } text)
            {
                continue;
            }

            var slot = scope.Define(name.Value);
            if (Compile(text, value, itemPath) is { } template)
            {
                assignments.Add((slot, name.Value, template));
            }
        }

        return new SetStep(path, [.. assignments]);
    }

    private RepeatStep? BindRepeat(SourceNode node, SourceNode at, string path, string group)
    {
        if (NodeValues.Mapping(node, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var r = new MappingReader(mapping, path, at, diagnostics);
        r.CheckKeys(RepeatKeys);
        r.Require("times", "repeat needs `times`", "e.g. `repeat: { times: 3, steps: [...] }`");
        r.Require("steps", "repeat needs `steps`", "list the steps to repeat");
        Template? times = null;
        if (r["times"] is ScalarNode timesNode)
        {
            if (TemplateCompiler.HasExpressions(timesNode.Value))
            {
                times = Compile(timesNode.Value, timesNode, r.PathOf("times"));
            }
            else if (r.Int("times") is { } count)
            {
                times = count >= 0 ? Template.Of(count.ToString(CultureInfo.InvariantCulture)) : null;
                if (count < 0)
                {
                    diagnostics.Add(timesNode, $"{r.PathOf("times")}: must be 0 or more, got {count}", "e.g. times: 3");
                }
            }
        }
        else if (r["times"] is { } other)
        {
            diagnostics.Add(other, $"{r.PathOf("times")}: expected a whole number or a template, got {other.Describe()}", "e.g. `times: 3` or `times: \"{{ count }}\"`");
        }

        var index = DefineAs(r);
        var steps = r["steps"] is { } stepsNode ? BindList(stepsNode, r.PathOf("steps"), group) : [];
        return times is null ? null : new RepeatStep(path, times, index, steps);
    }

    private ForeachStep? BindForeach(SourceNode node, SourceNode at, string path, string group)
    {
        if (NodeValues.Mapping(node, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var r = new MappingReader(mapping, path, at, diagnostics);
        r.CheckKeys(ForeachKeys);
        r.Require("in", "foreach needs `in`", "a list, or a template giving a JSON array: `in: \"{{ ids }}\"`");
        r.Require("as", "foreach needs `as`, the variable each item goes into", "e.g. `as: id`");
        r.Require("steps", "foreach needs `steps`", "list the steps to run per item");
        var slot = DefineAs(r);
        Template[]? items = null;
        Template? source = null;
        if (r["in"] is SequenceNode list)
        {
            items = [.. list.Items.Select((item, i) => NodeValues.Text(item, $"{r.PathOf("in")}[{i}]", diagnostics) is { } t
                ? Compile(t, item, $"{r.PathOf("in")}[{i}]") : null).OfType<Template>()];
        }
        else if (r.Text("in") is { } text)
        {
            source = Compile(text, r["in"]!, r.PathOf("in"));
        }

        var steps = r["steps"] is { } stepsNode ? BindList(stepsNode, r.PathOf("steps"), group) : [];
        return slot < 0 || (items is null && source is null) ? null : new ForeachStep(path, items, source, slot, steps);
    }

    private IfStep? BindIf(SourceNode node, SourceNode at, string path, string group)
    {
        if (NodeValues.Mapping(node, path, diagnostics) is not { } mapping)
        {
            return null;
        }

        var r = new MappingReader(mapping, path, at, diagnostics);
        r.CheckKeys(IfKeys);
        r.Require("when", "if needs `when`, the condition", "e.g. `when: \"{{ role }} == admin\"`");
        r.Require("then", "if needs `then`, the steps to run when the condition holds");
        var condition = r.Text("when") is { } text ? Condition.Compile(text, r["when"]!, r.PathOf("when"), scope, diagnostics) : null;
        var then = r["then"] is { } thenNode ? BindList(thenNode, r.PathOf("then"), group) : [];
        var otherwise = r["else"] is { } elseNode ? BindList(elseNode, r.PathOf("else"), group) : [];
        return condition is null ? null : new IfStep(path, condition, then, otherwise);
    }

    /// <summary>The slot of the variable <c>as:</c> names (repeat, foreach); -1 when absent or wrong (reported).</summary>
    private int DefineAs(MappingReader r)
    {
        switch (r["as"])
        {
            case null:
                return -1;
            case ScalarNode { IsNull: false } name:
                return VariableName(name, r.PathOf("as")) ? scope.Define(name.Value) : -1;
            case var other:
                diagnostics.Add(other, $"{r.PathOf("as")}: expected a variable name, got {other.Describe()}", "e.g. `as: id`");
                return -1;
        }
    }

    private bool VariableName(ScalarNode name, string path)
    {
        if (!Regex.IsMatch(name.Value, "^[A-Za-z_][A-Za-z0-9_]*$"))
        {
            diagnostics.Add(name, $"{path}: '{name.Value}' is not a variable name", "use letters, digits and _, starting with a letter");
            return false;
        }

        if (TemplateScope.Reserved.Contains(name.Value) || scope.TryGetData(name.Value, out _, out _))
        {
            diagnostics.Add(name, $"{path}: `{name.Value}` already means something in templates", "choose another name");
            return false;
        }

        return true;
    }

    private int[]? StatusList(SourceNode node, string path)
    {
        var items = node is SequenceNode list ? list.Items : [node];
        var statuses = new List<int>();
        foreach (var item in items)
        {
            if (NodeValues.Int(item, path, diagnostics) is not { } status)
            {
                return null;
            }

            if (status is < 100 or > 599)
            {
                diagnostics.Add(item, $"{path}: {status} is not an HTTP status", "statuses are between 100 and 599");
                return null;
            }

            statuses.Add(status);
        }

        return [.. statuses];
    }

    private Regex? Pattern(string text, SourceNode at, string path)
    {
        try
        {
            return new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            diagnostics.Add(at, $"{path}: '{text}' is not a valid regular expression: {ex.Message}", ".NET regex syntax; escape backslashes in double-quoted YAML");
            return null;
        }
    }

    private JsonPath? JsonPathOf(string text, SourceNode at, string path)
    {
        if (JsonPath.TryCompile(text, out var jsonPath, out var error))
        {
            return jsonPath;
        }

        diagnostics.Add(at, $"{path}: '{text}' is not a valid JSONPath: {error}", "e.g. $.items[0].id — see docs/jsonpath.md");
        return null;
    }

    private Template? Compile(string text, SourceNode at, string path, TemplateEscape escape = TemplateEscape.None) =>
        TemplateCompiler.Compile(text, at, path, scope, diagnostics, escape);
}

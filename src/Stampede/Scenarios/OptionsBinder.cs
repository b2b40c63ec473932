using Stampede.Http;
using Stampede.Metrics;
using Stampede.Thresholds;

namespace Stampede.Scenarios;

/// <summary>What <c>options:</c> gives the rest of the file: HTTP settings, global tags and request defaults.</summary>
internal sealed record BoundOptions(HttpSettings Http, TagSet Tags, RequestDefaults Defaults, IReadOnlyList<Threshold> Thresholds, bool Cookies = true,
    string? ResultsPath = null, IReadOnlyList<Reports.ReportTarget>? Reports = null, IReadOnlyList<string>? Outputs = null);

/// <summary>Reads <c>options:</c>.</summary>
internal static class OptionsBinder
{
    internal static readonly string[] Keys = ["baseUrl", "headers", "timeout", "http2", "transport", "insecure", "tls", "tags", "thresholds", "cookies", "redirects", "outputs", "reports"];
    internal static readonly string[] TlsKeys = ["ca", "cert", "key", "password"];
    internal static readonly string[] ThresholdKeys = ["threshold", "abortOnFail", "delayAbortEval"];

    /// <summary>Keys of later versions of the format, so a user following newer docs is told why, not just "unknown".</summary>
    private static readonly string[] LaterKeys = ["monitors", "segment", "env"];

    public static BoundOptions Bind(MappingReader? options, string baseDirectory)
    {
        if (options is null)
        {
            return new BoundOptions(new HttpSettings(), TagSet.Empty, new RequestDefaults(null, false, []), []);
        }

        options.CheckKeys(Keys, key => LaterKeys.Contains(key, StringComparer.Ordinal)
            ? $"`{key}` is not supported by this version of the scenario format yet"
            : null);

        Uri? baseUrl = null;
        var baseUrlInvalid = false;
        if (options["baseUrl"] is { } baseNode && NodeValues.Text(baseNode, options.PathOf("baseUrl"), options.Diagnostics) is { } baseText)
        {
            baseUrl = RequestBinder.AbsoluteHttpUrl(baseText, baseNode, options.PathOf("baseUrl"), options.Diagnostics);
            if (baseUrl is not null && (baseUrl.Query.Length > 0 || baseUrl.Fragment.Length > 0))
            {
                options.Diagnostics.Add(baseNode, $"{options.PathOf("baseUrl")}: must not have a query or fragment, got '{baseText}'",
                    "put the query on each request's url");
                baseUrl = null;
            }

            baseUrlInvalid = baseUrl is null;
        }

        var headers = RequestBinder.Headers(options, "headers") ?? [];
        var http = new HttpSettings
        {
            Timeout = options.PositiveDuration("timeout") ?? new HttpSettings().Timeout,
            Version = options.Bool("http2") == true ? HttpVersionMode.Http2 : HttpVersionMode.Http11,
            Transport = Transport(options),
            Tls = BindTls(options.Mapping("tls"), options.Bool("insecure") ?? false, baseDirectory),
        };

        // redirects: how many to follow; 0 (the default) returns a 3xx as it is, which a load test usually wants to see.
        if (options.Int("redirects") is { } redirects)
        {
            if (redirects < 0)
            {
                options.Diagnostics.Add(options["redirects"]!, $"{options.PathOf("redirects")}: must be 0 or more, got {redirects}", "0 turns redirects off; e.g. 5");
            }
            else if (redirects > 0)
            {
                http = http with { FollowRedirects = true, MaxRedirects = redirects };
            }
        }

        var tags = Tags(options, "tags");
        var (resultsPath, outputs) = Outputs(options);
        return new BoundOptions(http, tags, new RequestDefaults(baseUrl, baseUrlInvalid, headers), Thresholds(options), options.Bool("cookies") ?? true,
            resultsPath, Reports(options), outputs);
    }

    // reports: what to write after the run, as for --report: `FORMAT=PATH`, one entry or a list.
    private static List<Reports.ReportTarget> Reports(MappingReader options)
    {
        var reports = new List<Reports.ReportTarget>();
        if (options["reports"] is not { } node)
        {
            return reports;
        }

        var path = options.PathOf("reports");
        IReadOnlyList<SourceNode> items = node is SequenceNode sequence ? sequence.Items : [node];
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is SequenceNode ? $"{path}[{i}]" : path;
            if (NodeValues.Text(items[i], itemPath, options.Diagnostics) is not { } text)
            {
                continue;
            }

            try
            {
                var report = Stampede.Reports.ReportFormats.Parse(text);
                if (reports.Any(r => r.Path == report.Path))
                {
                    options.Diagnostics.Add(items[i], $"{itemPath}: a second report to '{report.Path}'", "give each report its own path");
                }
                else
                {
                    reports.Add(report);
                }
            }
            catch (InvalidInputException ex)
            {
                options.Diagnostics.Add(items[i], $"{itemPath}: {ex.Message}", "e.g. junit=junit.xml, md=summary.md or csv=out/run");
            }
        }

        return reports;
    }

    // thresholds: { "metric{tag:value}": ["p(95)<500", …] } — a single expression may be written without the list.
    private static List<Threshold> Thresholds(MappingReader options)
    {
        var thresholds = new List<Threshold>();
        if (options["thresholds"] is not { } node || node is ScalarNode { IsNull: true }
            || NodeValues.Mapping(node, options.PathOf("thresholds"), options.Diagnostics) is not { } mapping)
        {
            return thresholds;
        }

        foreach (var (target, value) in mapping.Entries)
        {
            var path = $"{options.PathOf("thresholds")}.{target.Value}";
            IReadOnlyList<SourceNode> items = value switch
            {
                SequenceNode sequence => sequence.Items,
                ScalarNode { IsNull: false } => [value],
                MappingNode { Entries.Count: > 0 } => [value],
                _ => [],
            };
            if (items.Count == 0)
            {
                options.Diagnostics.Add(value, $"{path}: expected a list of conditions, got {value.Describe()}", "e.g. [\"p(95)<500\", \"p(99)<1000\"]");
            }

            foreach (var item in items)
            {
                // "p(95)<500", or { threshold: "p(95)<500", abortOnFail: true, delayAbortEval: 10s } as in k6.
                var entry = item is MappingNode mappingItem ? new MappingReader(mappingItem, path, options.Diagnostics) : null;
                entry?.CheckKeys(ThresholdKeys);
                var expressionNode = entry is null ? item : entry["threshold"];
                if (entry is not null && expressionNode is null)
                {
                    entry.Require("threshold", "a threshold with options needs `threshold`", "e.g. { threshold: \"p(95)<500\", abortOnFail: true }");
                    continue;
                }

                if (NodeValues.Text(expressionNode!, path, options.Diagnostics) is not { } expression)
                {
                    continue;
                }

                var errors = new List<string>();
                if (ThresholdParser.TryParse(target.Value, expression, errors) is { } threshold)
                {
                    thresholds.Add(threshold with
                    {
                        AbortOnFail = entry?.Bool("abortOnFail") ?? false,
                        DelayAbortEval = entry?.Duration("delayAbortEval") ?? TimeSpan.Zero,
                    });
                }

                foreach (var error in errors)
                {
                    options.Diagnostics.Add(expressionNode!, $"{path}: {error}");
                }
            }
        }

        return thresholds;
    }

    // outputs: where the run's data goes, written as for --out: `results.json` or `json=results.json` (the results
    // file), `run.ndjson` or `json=run.ndjson` (the interval log, streamed during the run), `influxdb=URL` and
    // `prometheus-rw=URL` (metrics stores fed during the run). One entry or a list. The CLI reads the entries kept.
    private static (string? ResultsPath, List<string> Outputs) Outputs(MappingReader options)
    {
        var outputs = new List<string>();
        if (options["outputs"] is not { } node)
        {
            return (null, outputs);
        }

        var path = options.PathOf("outputs");
        IReadOnlyList<SourceNode> items = node is SequenceNode sequence ? sequence.Items : [node];
        string? results = null;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is SequenceNode ? $"{path}[{i}]" : path;
            if (NodeValues.Text(items[i], itemPath, options.Diagnostics) is not { } text)
            {
                continue;
            }

            var (kind, target) = Results.ResultsFile.SplitOutput(text);
            if (kind.ToLowerInvariant() is "influxdb" or "prometheus-rw")
            {
                // Streamed to a metrics store during the run; the command checks the URL's form for its kind.
                if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    options.Diagnostics.Add(items[i], $"{itemPath}: '{kind}' needs an http:// or https:// URL (got '{target}')",
                        kind.Equals("influxdb", StringComparison.OrdinalIgnoreCase)
                            ? "e.g. influxdb=http://127.0.0.1:8086/k6"
                            : "e.g. prometheus-rw=http://127.0.0.1:9090/api/v1/write");
                }
                else
                {
                    outputs.Add(text);
                }
            }
            else if (!kind.Equals("json", StringComparison.OrdinalIgnoreCase))
            {
                options.Diagnostics.Add(items[i], $"{itemPath}: unknown output kind `{kind}` (got '{text}')",
                    "write the results file as `results.json`, the interval log as `json=run.ndjson`, or stream to " +
                    "`influxdb=http://127.0.0.1:8086/k6` or `prometheus-rw=http://127.0.0.1:9090/api/v1/write`");
            }
            else if (target.Length == 0 || target.Contains('\0', StringComparison.Ordinal))
            {
                options.Diagnostics.Add(items[i], $"{itemPath}: '{text}' names no file", "e.g. json=results/checkout.json");
            }
            else if (Results.IntervalLog.IsStreamPath(target))
            {
                outputs.Add(text);
            }
            else if (results is not null)
            {
                options.Diagnostics.Add(items[i], $"{itemPath}: a second results file ('{target}'); a run writes one",
                    "keep one json= entry (an interval log, .ndjson or .jsonl, may come beside it)");
            }
            else
            {
                results = target;
                outputs.Add(text);
            }
        }

        return (results, outputs);
    }

    private static HttpTransportKind Transport(MappingReader options)
    {
        if (options.Text("transport") is not { } text)
        {
            return HttpTransportKind.Auto;
        }

        if (HttpTransportKinds.TryParse(text, out var kind))
        {
            return kind;
        }

        var names = string.Join(", ", HttpTransportKinds.Names);
        options.Diagnostics.Add(options["transport"]!, $"{options.PathOf("transport")}: '{text}' is not a transport; use one of {names}",
            Suggestions.Hint(text, HttpTransportKinds.Names));
        return HttpTransportKind.Auto;
    }

    public static TagSet Tags(MappingReader reader, string key) =>
        reader.TextMap(key) is { } tags ? TagSet.Of(tags.Select(t => new KeyValuePair<string, string>(t.Key.Value, t.Value))) : TagSet.Empty;

    private static TlsSettings BindTls(MappingReader? tls, bool insecure, string baseDirectory)
    {
        if (tls is null)
        {
            return new TlsSettings { Insecure = insecure };
        }

        tls.CheckKeys(TlsKeys);
        var settings = new TlsSettings
        {
            CaCertificatePath = TlsFile(tls, "ca", baseDirectory),
            ClientCertificatePath = TlsFile(tls, "cert", baseDirectory),
            ClientKeyPath = TlsFile(tls, "key", baseDirectory),
            ClientCertificatePassword = tls.Text("password"),
            Insecure = insecure,
        };
        if (tls["key"] is { } keyNode && !tls.Has("cert"))
        {
            tls.Diagnostics.Add(keyNode, $"{tls.PathOf("key")}: a client key needs its certificate", "add `cert:` with the client certificate");
        }

        return settings;
    }

    /// <summary>Resolves a path against the file's folder and checks it exists now, not at the first request.</summary>
    private static string? TlsFile(MappingReader tls, string key, string baseDirectory)
    {
        if (tls.Text(key) is not { } path)
        {
            return null;
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            tls.Diagnostics.Add(tls[key]!, $"{tls.PathOf(key)}: '{path}' is not a valid path");
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (!File.Exists(full))
        {
            tls.Diagnostics.Add(tls[key]!, $"{tls.PathOf(key)}: file not found: '{path}' (looked for {full})",
                "paths are relative to the scenario file's folder; `stampede target --mtls --pki pki` creates a test PKI");
            return null;
        }

        return full;
    }
}

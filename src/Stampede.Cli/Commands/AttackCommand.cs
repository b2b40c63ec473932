using System.CommandLine;
using System.Text;
using Spectre.Console;
using Stampede.Cli.Outputs;
using Stampede.Engine;
using Stampede.Http;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede attack URL</c>: a hey/vegeta-style one-liner.</summary>
internal static class AttackCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var url = new Argument<string>("url") { Description = "The URL to load, e.g. http://127.0.0.1:5080/health" };
        var method = new Option<string>("--method", "-X") { Description = "HTTP method", DefaultValueFactory = _ => "GET" };
        var headers = new Option<string[]>("--header", "-H") { Description = "A request header 'Name: value' (repeatable)", AllowMultipleArgumentsPerToken = false };
        var data = new Option<string?>("--data", "-d") { Description = "Request body: text, or @file to read it from a file" };
        var rate = new Option<string?>("--rate", "-r") { Description = "Open model: start requests at this rate whatever the server does, e.g. 1000/s, 60/m" };
        var connections = new Option<int?>("--connections", "-c") { Description = "Closed model: this many VUs, each with its own connection, send back to back (default 50). With --rate: VUs allocated up front" };
        var maxVus = new Option<int?>("--max-vus") { Description = "With --rate: most VUs (connections) to open when responses are slow (default 1000); beyond it iterations are dropped and counted" };
        var duration = new Option<string?>("--duration", "-z") { Description = "How long to send, e.g. 30s, 2m (default 10s unless -n is given)" };
        var requests = new Option<long?>("--requests", "-n") { Description = "Send this many requests in total, then stop" };
        var timeout = new Option<string>("--timeout", "-t") { Description = "Per-request timeout", DefaultValueFactory = _ => "30s" };
        var http2 = new Option<bool>("--http2") { Description = "Speak HTTP/2 (ALPN over TLS; h2c with prior knowledge on http://)" };
        var transport = new Option<string>("--transport")
        {
            Description = "HTTP client: auto (Stampede's own HTTP/1.1 client, or .NET's SocketsHttpHandler for --http2), fast (always the own client), handler (always SocketsHttpHandler)",
            DefaultValueFactory = _ => "auto",
        };
        var cert = new Option<string?>("--cert") { Description = "Client certificate for mTLS: PEM (with --key) or PKCS#12 (.p12/.pfx, with --cert-password)" };
        var key = new Option<string?>("--key") { Description = "Private key (PEM) of the client certificate" };
        var certPassword = new Option<string?>("--cert-password") { Description = "Password of a PKCS#12 client certificate (never printed)" };
        var cacert = new Option<string?>("--cacert") { Description = "Trust only the CA certificates in this PEM file for the server's certificate" };
        var name = new Option<string?>("--name") { Description = "Request name used in tags and tables (default: the URL path)" };
        var thresholds = CommonOptions.Thresholds();
        var insecure = CommonOptions.Insecure();
        var output = CommonOptions.Out();
        var reports = CommonOptions.Reports();
        var quiet = CommonOptions.Quiet();
        var dashboard = CommonOptions.Dashboard();

        var command = new Command("attack", """
            Load one URL: open model at a fixed rate (--rate), or closed model with N connections (-c).

            Examples:
              stampede attack http://127.0.0.1:5080/health -c 50 --duration 30s
              stampede attack http://127.0.0.1:5080/api/slow?ms=10 --rate 2000/s --duration 10s --out results.json
              stampede attack http://127.0.0.1:5080/health -c 20 --duration 1h --out json=soak.ndjson    (then: stampede report soak.ndjson)
              stampede attack http://127.0.0.1:5080/api/encrypt -X POST -H 'Content-Type: application/json' -d '{"plaintext":"hi"}' -n 10000
              stampede attack https://127.0.0.1:5443/health --cacert pki/ca.crt --cert pki/client.crt --key pki/client.key -c 10
              stampede attack http://127.0.0.1:5080/health -c 20 --duration 30s --threshold 'http_req_duration: p(95)<50' --threshold 'http_req_failed: rate<0.01'
              stampede attack http://127.0.0.1:5080/health -c 20 --duration 30s --report junit=junit.xml --report md=summary.md
              stampede attack http://127.0.0.1:5080/health -c 20 --duration 10m --dashboard=127.0.0.1:8089
            """)
        {
            url, method, headers, data, rate, connections, maxVus, duration, requests, timeout, http2, transport, cert, key, certPassword,
            cacert, insecure, name, thresholds, output, reports, quiet, dashboard,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var requested = CommonOptions.ParseReports(parse.GetValue(reports));
            var target = ParseUrl(parse.GetRequiredValue(url));
            var plan = BuildPlan(new AttackArguments
            {
                Url = target,
                Method = parse.GetRequiredValue(method),
                Headers = parse.GetValue(headers) ?? [],
                Data = parse.GetValue(data),
                Rate = parse.GetValue(rate),
                Connections = parse.GetValue(connections),
                MaxVus = parse.GetValue(maxVus),
                Duration = CommonOptions.Duration(parse.GetValue(duration), "--duration"),
                Requests = parse.GetValue(requests),
                Timeout = CommonOptions.Duration(parse.GetRequiredValue(timeout), "--timeout")!.Value,
                Http2 = parse.GetValue(http2),
                Transport = ParseTransport(parse.GetRequiredValue(transport)),
                Tls = new TlsSettings
                {
                    ClientCertificatePath = parse.GetValue(cert),
                    ClientKeyPath = parse.GetValue(key),
                    ClientCertificatePassword = parse.GetValue(certPassword),
                    CaCertificatePath = parse.GetValue(cacert),
                    Insecure = parse.GetValue(insecure),
                },
                Name = parse.GetValue(name),
                Thresholds = parse.GetValue(thresholds) ?? [],
            });
            return RunExecution.RunAsync(console, plan, new RunExecutionOptions
            {
                Outputs = OutputOptions.Choose(parse.GetValue(output), null),
                Quiet = parse.GetValue(quiet),
                Dashboard = CommonOptions.ParseDashboard(parse, dashboard),
                Reports = requested,
            }, cancellationToken);
        });
        return command;
    }

    internal static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidInputException($"'{text}' is not an http:// or https:// URL; write it like http://127.0.0.1:8080/path");
        }

        return uri;
    }

    internal static HttpTransportKind ParseTransport(string text) =>
        HttpTransportKinds.TryParse(text, out var kind)
            ? kind
            : throw new InvalidInputException($"--transport: '{text}' is not a transport; use auto, fast or handler");

    internal static TestPlan BuildPlan(AttackArguments args)
    {
        if (args.Connections is <= 0)
        {
            throw new InvalidInputException($"-c/--connections: must be at least 1 (got {args.Connections})");
        }

        if (args.Requests is <= 0)
        {
            throw new InvalidInputException($"-n/--requests: must be at least 1 (got {args.Requests})");
        }

        if (args.Duration is not null && args.Requests is not null)
        {
            throw new InvalidInputException("--duration and -n/--requests both set the end of the attack; give one of them");
        }

        var request = new HttpRequestDefinition
        {
            Name = args.Name ?? args.Url.AbsolutePath,
            Method = HttpMethods.Parse(args.Method),
            Url = args.Url,
            Headers = [.. args.Headers.Select(ParseHeader)],
            Body = ReadBody(args.Data),
        };
        ExecutorConfig executor;
        if (args.Rate is not null)
        {
            var (count, unit) = Rates.Parse(args.Rate, "--rate");
            var max = args.MaxVus ?? Math.Max(1000, args.Connections ?? 0);
            if (max <= 0)
            {
                throw new InvalidInputException($"--max-vus: must be at least 1 (got {max})");
            }

            var duration = args.Duration ?? (args.Requests is { } n
                ? TimeSpan.FromTicks((long)Math.Ceiling(n / count * unit.Ticks))
                : TimeSpan.FromSeconds(10));
            var pre = Math.Min(max, args.Connections ?? Math.Clamp((int)Math.Ceiling(count / unit.TotalSeconds / 100), 1, 50));
            executor = new ConstantArrivalRateConfig(count, duration, pre, max) { TimeUnit = unit, GracefulStop = args.Timeout };
        }
        else
        {
            if (args.MaxVus is not null)
            {
                throw new InvalidInputException("--max-vus applies to the open model only; use it with --rate");
            }

            var vus = args.Connections ?? 50;
            executor = args.Requests is { } n
                ? new SharedIterationsConfig(vus, n) { GracefulStop = args.Timeout }
                : new ConstantVusConfig(vus, args.Duration ?? TimeSpan.FromSeconds(10)) { GracefulStop = args.Timeout };
        }

        var plan = new TestPlanBuilder()
            .Http(h => h with
            {
                Timeout = args.Timeout,
                Version = args.Http2 ? HttpVersionMode.Http2 : HttpVersionMode.Http11,
                Transport = args.Transport,
                Tls = args.Tls,
            })
            .Scenario("attack", executor, new HttpFlow([request]))
            .Build();
        return plan with { Thresholds = CommonOptions.ParseThresholds(args.Thresholds) };
    }

    private static KeyValuePair<string, string> ParseHeader(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new InvalidInputException($"-H '{text}': a header is written 'Name: value'");
        }

        return KeyValuePair.Create(text[..colon].Trim(), text[(colon + 1)..].Trim());
    }

    private static ReadOnlyMemory<byte> ReadBody(string? data)
    {
        if (data is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (!data.StartsWith('@'))
        {
            return Encoding.UTF8.GetBytes(data);
        }

        var path = data[1..];
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"-d @{path}: cannot read the body file: {ex.Message}");
        }
    }
}

/// <summary>The attack command's flags, parsed.</summary>
internal sealed record AttackArguments
{
    public required Uri Url { get; init; }

    public string Method { get; init; } = "GET";

    public IReadOnlyList<string> Headers { get; init; } = [];

    public string? Data { get; init; }

    public string? Rate { get; init; }

    public int? Connections { get; init; }

    public int? MaxVus { get; init; }

    public TimeSpan? Duration { get; init; }

    public long? Requests { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool Http2 { get; init; }

    public HttpTransportKind Transport { get; init; }

    public IReadOnlyList<string> Thresholds { get; init; } = [];

    public TlsSettings Tls { get; init; } = new();

    public string? Name { get; init; }
}

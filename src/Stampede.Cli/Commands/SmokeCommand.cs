using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Stampede.Cli.Output;
using Stampede.Engine;
using Stampede.Http;
using Stampede.Metrics;
using Stampede.Results;
using Stampede.Scenarios;
using Stampede.Scenarios.Flow;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede smoke scenario.yaml | URL</c>: one VU, one iteration of each scenario, every step printed with
/// its status, timing, checks and extracted values; exit 3 when a check or a request fails.
/// </summary>
internal static class SmokeCommand
{
    private static readonly string[] SecretNames = ["authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey", "token", "password", "secret"];

    public static Command Create(IAnsiConsole console)
    {
        var target = new Argument<string>("target") { Description = "A scenario file (YAML) or a URL" };
        var insecure = CommonOptions.Insecure();
        var command = new Command("smoke", """
            One VU, one iteration of each scenario: every step and check printed. Exits 0 when every request and
            check passed, 3 when one did not, 2 for invalid input. Replaces the curl smoke-test scripts kept next
            to load tests.

            Examples:
              stampede smoke samples/demo-staged.yaml
              stampede smoke http://127.0.0.1:5080/health
              stampede smoke checkout.yaml --env-file staging.env -e API_TOKEN=abc123
            """)
        {
            target, insecure,
        };
        var environment = CommonOptions.Environment();
        environment.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
            RunAsync(console, parse.GetRequiredValue(target), parse.GetValue(insecure), environment.Read(parse), cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(IAnsiConsole console, string target, bool insecure,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var plan = Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? UrlPlan(url)
            : RunCommand.Load(target, environment);
        if (insecure)
        {
            plan = plan with { Http = plan.Http with { Tls = plan.Http.Tls with { Insecure = true } } };
        }

        var observer = new ConsoleObserver(console);
        plan = plan with
        {
            Scenarios = [.. plan.Scenarios.Select(s => s with { Executor = new PerVuIterationsConfig(1, 1) })],
        };
        foreach (var scenario in plan.Scenarios)
        {
            if (scenario.Body is FlowProgram program)
            {
                program.Observer = observer;
            }
        }

        var result = await new Runner(plan, new RunnerOptions { Command = CommandLine.Redacted() }).RunAsync(cancellationToken);
        var requests = result.Total(BuiltinMetrics.HttpReqs)?.Count ?? 0;
        var failed = result.Accounting.Failed;
        var checkFails = result.Checks.Sum(c => c.Fails);
        var checks = checkFails + result.Checks.Sum(c => c.Passes);
        console.WriteLine();
        var ok = failed == 0 && checkFails == 0 && requests > 0 && result.Run.Outcome == "completed";
        console.MarkupLine((ok ? "[green]smoke passed[/]" : "[red]smoke failed[/]") +
            Markup.Escape($": {Plural(requests, "request")} ({failed} failed), {Plural(checks, "check")} ({checkFails} failed)"));
        foreach (var message in result.Errors.Messages.Where(m => m.Kind != ErrorKind.CheckFailed))
        {
            console.MarkupLine(Markup.Escape($"  {message.Kind.ToName()}: {message.Message}"));
        }

        return result.Run.Outcome == "interrupted" ? ExitCodes.Interrupted : ok ? ExitCodes.Ok : ExitCodes.ThresholdsCrossed;
    }

    private static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count:N0} {noun}s";

    private static TestPlan UrlPlan(Uri url)
    {
        var text = url.OriginalString.Replace("'", "''", StringComparison.Ordinal);
        return ScenarioLoader.Parse($"""
            scenarios:
              smoke:
                executor: per-vu-iterations
                flow:
                  - request: {"{"} url: '{text}', check: [ {"{"} status: [200, 201, 202, 204] {"}"} ] {"}"}
            """, url.OriginalString);
    }

    /// <summary>Header values whose names say they carry credentials are printed as ***.</summary>
    internal static string Redact(string name, string value) =>
        SecretNames.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase)) ? "***" : value;

    private sealed class ConsoleObserver(IAnsiConsole console) : IFlowObserver
    {
        private readonly Lock _gate = new();

        public void OnRequest(string path, HttpRequestDefinition request, in HttpExchange exchange,
            IReadOnlyList<CheckOutcome> checks, IReadOnlyList<KeyValuePair<string, string?>> extracted)
        {
            var millis = (exchange.End - exchange.Start) * 1000.0 / Stopwatch.Frequency;
            var status = exchange.Status == 0 ? $"[red]{Markup.Escape(exchange.ErrorMessage ?? "no response")}[/]"
                : exchange.Status < 400 ? $"[green]{exchange.Status}[/]" : $"[red]{exchange.Status}[/]";
            lock (_gate)
            {
                console.MarkupLine($"[bold]{Markup.Escape(request.Name)}[/]  {Markup.Escape(request.Method.Method)} {Markup.Escape(request.Url.ToString())}  {status}  {millis:F1} ms  [grey]{Markup.Escape(path)}[/]");
                foreach (var header in request.Headers)
                {
                    console.MarkupLine(Markup.Escape($"    > {header.Key}: {Redact(header.Key, header.Value)}"));
                }

                Write(checks, extracted);
            }
        }

        public void OnChecks(string path, IReadOnlyList<CheckOutcome> checks, IReadOnlyList<KeyValuePair<string, string?>> extracted)
        {
            lock (_gate)
            {
                Write(checks, extracted);
            }
        }

        public void OnStep(string path, string detail)
        {
            lock (_gate)
            {
                console.MarkupLine($"[grey]{Markup.Escape(detail)}  {Markup.Escape(path)}[/]");
            }
        }

        private void Write(IReadOnlyList<CheckOutcome> checks, IReadOnlyList<KeyValuePair<string, string?>> extracted)
        {
            foreach (var check in checks)
            {
                console.MarkupLine(check.Passed
                    ? $"    [green]✓[/] {Markup.Escape(check.Name)}"
                    : $"    [red]✗[/] {Markup.Escape(check.Name)}: {Markup.Escape(check.Observed ?? "")}");
            }

            foreach (var (name, value) in extracted)
            {
                console.MarkupLine(Markup.Escape($"    = {name} = {(value is null ? "(not found)" : Redact(name, value))}"));
            }
        }
    }
}

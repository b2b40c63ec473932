using System.CommandLine;
using Spectre.Console;
using Stampede.Cli.Dashboard;
using Stampede.Cli.Output;
using Stampede.Cli.Outputs;
using Stampede.DemoTarget;
using Stampede.Engine;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede dashboard [scenario.yaml | URL]</c>: a Locust-style control page in the browser — choose users (or an
/// arrival rate) and spawn rate, start, change them while the test runs, stop, start again — with the live charts,
/// tables and downloads. Without a target it tests the built-in demo target.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var target = new Argument<string?>("target")
        {
            Description = "A scenario file (its scenarios' flows are what the users run) or a URL to GET; none: the built-in demo target",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var listen = new Option<string>("--listen", "-l")
        {
            Description = $"Address to serve the page on, HOST:PORT (default {DashboardAddress.Default}). Any address but loopback requires the random access token printed at start",
            DefaultValueFactory = _ => DashboardAddress.Default,
        };
        var insecure = CommonOptions.Insecure();
        var thresholds = CommonOptions.Thresholds();
        var environment = CommonOptions.Environment();
        var command = new Command("dashboard", """
            Open a web control page to start, steer and stop tests, like Locust's web UI: choose users and spawn
            rate (or an arrival rate), start, change them while the test runs (each change is marked on the charts and
            recorded in the results), stop, and download the results file, HTML report or CSVs at any moment.
            Every test stops by itself after the duration chosen on the page (default 10m).

            Examples:
              stampede dashboard                                     the built-in demo target, page on http://127.0.0.1:5665/
              stampede dashboard samples/demo-staged.yaml            the file's flows; the page sets the load
              stampede dashboard http://127.0.0.1:5080/api/slow?ms=20 --listen 127.0.0.1:8089
              stampede dashboard checkout.yaml --listen 0.0.0.0:5665  reachable from other machines, with the printed token
            """)
        {
            target, listen, insecure, thresholds,
        };
        environment.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var address = DashboardAddress.Parse(parse.GetRequiredValue(listen), "--listen");
            var given = parse.GetValue(target);
            await using var demo = given is null
                ? await TargetCommand.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] }, cancellationToken)
                : null;
            var template = Template(given, demo, environment.Read(parse));
            template = template with { Thresholds = [.. template.Thresholds, .. CommonOptions.ParseThresholds(parse.GetValue(thresholds))] };
            if (parse.GetValue(insecure))
            {
                template = template with { Http = template.Http with { Tls = template.Http.Tls with { Insecure = true } } };
            }

            // One Prometheus state for every test the page runs: its counters keep rising from one test to the next.
            var metrics = new PrometheusState();
            using var session = DashboardSession.Control(template, () => [metrics], CommandLine.Redacted());
            await using var server = await DashboardServer.StartAsync(address, session, app => MetricsEndpoint.Map(app, metrics), cancellationToken: cancellationToken);
            if (demo is not null)
            {
                console.MarkupLine($"  demo target started on [bold]{Markup.Escape(demo.BaseUrl.ToString())}[/]");
            }

            foreach (var scenario in template.Scenarios)
            {
                console.MarkupLine($"  scenario [bold]{Markup.Escape(scenario.Name)}[/]: its flow runs as the page's users or rate");
            }

            console.MarkupLine($"  dashboard on [bold link]{Markup.Escape(server.Url.ToString())}[/]");
            if (server.Access.Token is not null)
            {
                console.MarkupLine("  [yellow]not on loopback: requests need the token in that address (or the X-Stampede-Token header)[/]");
            }

            console.MarkupLine("  press Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The scenarios whose flows the page's tests run: the file's, one GET of the URL, or the demo's.
    private static TestPlan Template(string? given, DemoTargetServer? demo, IReadOnlyDictionary<string, string> environment)
    {
        if (demo is not null)
        {
            return DemoCommand.Plan(demo.BaseUrl, TimeSpan.FromMinutes(1));
        }

        if (given!.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || given.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var plan = AttackCommand.BuildPlan(new AttackArguments { Url = AttackCommand.ParseUrl(given), Timeout = TimeSpan.FromSeconds(30) });
            return plan with { Scenarios = [.. plan.Scenarios.Select(s => s with { Name = "url" })] };
        }

        return RunCommand.Load(given, environment);
    }
}

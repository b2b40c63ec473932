using System.CommandLine;
using System.Text;
using Spectre.Console;
using Stampede.Cli.Outputs;
using Stampede.DemoTarget;
using Stampede.Engine;
using Stampede.Http;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede demo</c>: starts the demo target in-process and runs a short staged test against it.</summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var duration = new Option<string>("--duration", "-z") { Description = "Total length of the staged test", DefaultValueFactory = _ => "20s" };
        var output = CommonOptions.Out();
        output.DefaultValueFactory = _ => ["results.json"];
        var quiet = CommonOptions.Quiet();
        var command = new Command("demo", """
            Start the demo target on a free loopback port and run a ~20 s staged test against it
            (ramp to 10 VUs, hold, ramp down; health, encrypt, decrypt-free item lookups and a slow call).
            Prints the summary and writes results.json (unless --out says otherwise).

            Examples:
              stampede demo
              stampede demo --duration 1m --out demo.json
              stampede demo --out demo.json --out json=demo.ndjson     (also stream the interval log, one line per second)
            """)
        {
            duration, output, quiet,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var total = CommonOptions.Duration(parse.GetRequiredValue(duration), "--duration")!.Value;
            var outputs = OutputOptions.Choose(parse.GetValue(output), null);
            await using var server = await TargetCommand.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] }, cancellationToken);
            console.MarkupLine($"  demo target started on [bold]{Markup.Escape(server.BaseUrl.ToString())}[/]");
            var plan = Plan(server.BaseUrl, total);
            return await RunExecution.RunAsync(console, plan, new RunExecutionOptions
            {
                Outputs = outputs,
                Quiet = parse.GetValue(quiet),
            }, cancellationToken);
        });
        return command;
    }

    internal static TestPlan Plan(Uri baseUrl, TimeSpan total)
    {
        var quarter = total / 4;
        var json = new KeyValuePair<string, string>("Content-Type", "application/json");
        HttpRequestDefinition[] flow =
        [
            new() { Name = "health", Method = HttpMethod.Get, Url = new Uri(baseUrl, "health") },
            new()
            {
                Name = "encrypt", Method = HttpMethod.Post, Url = new Uri(baseUrl, "api/encrypt"), Headers = [json],
                Body = Encoding.UTF8.GetBytes("""{"plaintext":"stampede demo"}"""),
            },
            new() { Name = "item", Method = HttpMethod.Get, Url = new Uri(baseUrl, "api/items/42") },
            new() { Name = "slow", Method = HttpMethod.Get, Url = new Uri(baseUrl, "api/slow?ms=20") },
        ];
        return new TestPlanBuilder()
            .Scenario("demo", new RampingVusConfig(0, [
                new Stage(quarter, 10),
                new Stage(quarter * 2, 10),
                new Stage(quarter, 0),
            ])
            { GracefulRampDown = TimeSpan.FromSeconds(5), GracefulStop = TimeSpan.FromSeconds(5) }, new HttpFlow(flow))
            .Build();
    }
}

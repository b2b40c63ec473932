using System.CommandLine;
using Spectre.Console;

namespace Stampede.Cli.Commands;

/// <summary>The root command and its subcommands.</summary>
internal static class Root
{
    public static RootCommand Create(IAnsiConsole console)
    {
        var root = new RootCommand("""
            Stampede: load, stress, spike and soak tests with honest numbers.

            Examples:
              stampede demo                                        start the demo target and run a 20 s staged test
              stampede attack http://127.0.0.1:5080/health -c 50 --duration 30s
              stampede attack http://127.0.0.1:5080/api/slow?ms=10 --rate 500/s --duration 1m --out results.json
              stampede run samples/demo-staged.yaml --out results.json
              stampede report results.json --format html -o report.html   text, json, csv, html, junit, md, hist[…], hlog
              stampede run samples/demo-staged.yaml --dashboard                 live charts on http://127.0.0.1:5665/
              stampede dashboard                                   a Locust-style control page against the demo target
              stampede target --tls --urls https://127.0.0.1:5443
            """)
        {
            AttackCommand.Create(console),
            RunCommand.Create(console),
            SmokeCommand.Create(console),
            DemoCommand.Create(console),
            DashboardCommand.Create(console),
            TargetCommand.Create(console),
            MergeCommand.Create(console),
            ReportCommand.Create(console),
        };
        return root;
    }
}

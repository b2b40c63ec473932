using System.CommandLine;
using Spectre.Console;
using Stampede.Cli.Outputs;
using Stampede.Engine;
using Stampede.Scenarios;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede run scenario.yaml</c>: runs a scenario file.</summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML), e.g. samples/demo-staged.yaml" };
        var vus = new Option<int?>("--vus", "-u") { Description = "Override every scenario's executor: this many VUs looping (constant-vus); needs --duration" };
        var duration = new Option<string?>("--duration", "-z") { Description = "With --vus, --rate or --profile: how long to run, e.g. 30s, 5m. Alone: fit the file's own shape (every stage and startTime) into this length" };
        var rate = new Option<string?>("--rate", "-r") { Description = "Override every scenario's executor: start iterations at this rate (constant-arrival-rate), e.g. 500/s; needs --duration" };
        var maxVus = new Option<int?>("--max-vus") { Description = "With --rate, an open-model --profile or an arrival-rate file: most VUs per scenario (default for --rate 1000; for a profile, the larger of 1000 and 1 per iteration/s of the peak)" };
        var profile = RunShape.Profile();
        var peak = RunShape.Peak();
        var thresholds = CommonOptions.Thresholds();
        var insecure = CommonOptions.Insecure();
        var output = CommonOptions.Out();
        var reports = CommonOptions.Reports();
        var quiet = CommonOptions.Quiet();
        var dashboard = CommonOptions.Dashboard();
        var environment = CommonOptions.Environment();
        var command = new Command("run", """
            Run a scenario file.

            Examples:
              stampede run samples/demo-staged.yaml
              stampede run samples/demo-staged.yaml --out results.json
              stampede run samples/demo-staged.yaml --out results.json --out json=run.ndjson   (live interval log; survives kill -9)
              stampede run samples/demo-staged.yaml --report junit=junit.xml --report csv=out/demo --report md=summary.md
              stampede run samples/demo-staged.yaml --report html=report.html
              stampede run samples/demo-staged.yaml --dashboard              (live charts and a stop button on http://127.0.0.1:5665/)
              stampede run samples/arrival-rate.yaml --rate 500/s --duration 1m
              stampede run checkout.yaml --vus 20 --duration 30s
              stampede run checkout.yaml --profile load --peak 50 --duration 10m
              stampede run samples/hsm-mtls.yaml --duration 1m --peak 5      (the file's own stages, shorter and lower)
              stampede run checkout.yaml --profile breakpoint --peak 2000/s --duration 20m --threshold 'http_req_failed: rate<0.01 over 10s'
              stampede run checkout.yaml --env-file staging.env -e API_TOKEN=abc123
            """)
        {
            file, vus, duration, rate, maxVus, profile, peak, thresholds, insecure, output, reports, quiet, dashboard,
        };
        environment.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var requested = CommonOptions.ParseReports(parse.GetValue(reports));
            var plan = RunShape.Apply(Load(parse.GetRequiredValue(file), environment.Read(parse)), new RunShapeArguments
            {
                Profile = parse.GetValue(profile),
                Peak = parse.GetValue(peak),
                Duration = CommonOptions.Duration(parse.GetValue(duration), "--duration"),
                Vus = parse.GetValue(vus),
                Rate = parse.GetValue(rate),
                MaxVus = parse.GetValue(maxVus),
                Thresholds = parse.GetValue(thresholds) ?? [],
            });
            if (parse.GetValue(insecure))
            {
                plan = plan with { Http = plan.Http with { Tls = plan.Http.Tls with { Insecure = true } } };
            }

            return RunExecution.RunAsync(console, plan, new RunExecutionOptions
            {
                Outputs = OutputOptions.Choose(parse.GetValue(output), plan),
                Quiet = parse.GetValue(quiet),
                Dashboard = CommonOptions.ParseDashboard(parse, dashboard),
                Reports = CommonOptions.ChooseReports(requested, plan.Reports),
                Breakpoint = RunShape.IsBreakpoint(parse.GetValue(profile)),
            }, cancellationToken);
        });
        return command;
    }

    internal static TestPlan Load(string path, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            return ScenarioLoader.Load(path, new ScenarioLoadOptions { Environment = environment });
        }
        catch (ScenarioValidationException ex)
        {
            throw new InvalidInputException(string.Join(Environment.NewLine, ex.Errors.Select(e => e.ToString())), ex);
        }
    }

    // Every scenario's executor replaced by --vus (constant-vus) or --rate (constant-arrival-rate); one of them is given.
    internal static TestPlan Override(TestPlan plan, int? vus, TimeSpan? duration, string? rate, int? maxVus)
    {
        if (vus is not null && rate is not null)
        {
            throw new InvalidInputException("--vus (closed model) and --rate (open model) cannot be combined; give one");
        }

        if (duration is null)
        {
            throw new InvalidInputException("--vus and --rate need --duration, e.g. --duration 30s");
        }

        ExecutorConfig executor;
        if (vus is { } n)
        {
            executor = n > 0 ? new ConstantVusConfig(n, duration.Value) : throw new InvalidInputException($"--vus: must be at least 1 (got {n})");
        }
        else
        {
            var (count, unit) = Rates.Parse(rate, "--rate");
            var max = maxVus ?? 1000;
            executor = new ConstantArrivalRateConfig(count, duration.Value, Math.Min(max, 50), max) { TimeUnit = unit };
        }

        return plan with { Scenarios = [.. plan.Scenarios.Select(s => s with { Executor = executor })] };
    }
}

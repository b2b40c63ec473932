using Spectre.Console;
using Stampede.Cli.Commands;
using Stampede.Cli.Output;
using Stampede.Engine;
using Stampede.Results;

namespace Stampede.Cli.Tests;

public sealed class RunExecutionTests
{
    [Fact]
    public async Task ExitCode_RunStoppedEarly_130AndTheSummarySaysStopped()
    {
        var plan = new TestPlanBuilder()
            .Scenario("browse", new ExternallyControlledConfig(1, 5, TimeSpan.FromMinutes(1)), (_, _) => ValueTask.CompletedTask)
            .Build();
        var runner = new Runner(plan);
        runner.Stop();

        var result = await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("stopped", result.Run.Outcome);
        Assert.Equal(ExitCodes.Interrupted, RunExecution.ExitCode(result));
        Assert.Contains("summary (stopped, ", Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_SteeredRun_ListsTheLoadChangesOnOneLine()
    {
        var plan = new TestPlanBuilder()
            .Scenario("browse", new ExternallyControlledConfig(1, 5, TimeSpan.FromMinutes(1)), async (_, ct) => await Task.Delay(1, ct))
            .Build();
        var runner = new Runner(plan);
        var run = runner.RunAsync();
        runner.Control("browse").SetVus(3, 100);
        runner.Control("browse").SetMaxVus(4);
        runner.Stop();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        var text = Render(result);

        Assert.Contains("Load changed 3 times: 0:00 vus 1 → 3, 0:00 spawnRate at once → 100/s, 0:00 maxVUs 5 → 4", text, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Interrupted, RunExecution.ExitCode(result));
    }

    private static string Render(RunResult result)
    {
        var output = new StringWriter();
        var console = CliHarness.Console(output, 400);
        Summary.Write(console, result);
        return output.ToString();
    }
}

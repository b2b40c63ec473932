using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Tests;

[Collection(EndToEnd.Name)]
public sealed class IncludeRunTests(DemoTargetFixture target) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-include-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Run_ScenarioWithIncludedOptionsAndEnvironment_SendsToTheIncludedBaseUrl()
    {
        Write("shared/connection.yaml", $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
              headers: { Accept: application/json }
            """);
        var scenario = Write("load/smoke.yaml", """
            include: ../shared/connection.yaml
            scenarios:
              s:
                executor: per-vu-iterations
                vus: 1
                iterations: 3
                requests: [{ name: health, url: /health, expect: [200] }]
            """);
        var env = Write("staging.env", "API_TOKEN='from-file'\n");
        var results = Path.Combine(_folder, "r.json");

        var (code, _, error) = await CliHarness.RunAsync("run", scenario, "--env-file", env, "-e", "API_TOKEN=hunter2", "--out", results, "-q");

        Assert.True(code == ExitCodes.Ok, $"exit {code}: {error}");
        var result = ResultsFile.Read(results);
        Assert.Equal(3, result.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.Equal(new RequestAccounting(3, 3, 0, 0), result.Accounting);
    }
}

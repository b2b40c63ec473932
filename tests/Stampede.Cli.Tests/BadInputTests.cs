namespace Stampede.Cli.Tests;

public class BadInputTests
{
    [Theory]
    [InlineData("attack", "not a url", "is not an http:// or https:// URL")]
    [InlineData("attack", "ftp://127.0.0.1/x", "is not an http:// or https:// URL")]
    [InlineData("attack", "http://127.0.0.1:9/", "--rate: 'fast' is not a rate", "--rate", "fast")]
    [InlineData("attack", "http://127.0.0.1:9/", "--duration: '10 parsecs' is not a duration", "--duration", "10 parsecs")]
    [InlineData("attack", "http://127.0.0.1:9/", "-c/--connections: must be at least 1", "-c", "0")]
    [InlineData("attack", "http://127.0.0.1:9/", "a header is written 'Name: value'", "-H", "NoColon")]
    [InlineData("attack", "http://127.0.0.1:9/", "give one of them", "-n", "10", "--duration", "5s")]
    [InlineData("attack", "http://127.0.0.1:9/", "cannot read the body file", "-d", "@/nonexistent/body.json")]
    [InlineData("attack", "http://127.0.0.1:9/", "ca.crt", "--cacert", "/nonexistent/ca.crt")]
    [InlineData("attack", "http://127.0.0.1:9/", "--max-vus applies to the open model only", "--max-vus", "5")]
    [InlineData("attack", "http://127.0.0.1:9/", "Unrecognized command or argument '--bogus'", "--bogus")]
    [InlineData("attack", "http://127.0.0.1:9/", "--transport: 'turbo' is not a transport; use auto, fast or handler", "--transport", "turbo")]
    [InlineData("attack", "http://127.0.0.1:9/", "transport fast: it speaks HTTP/1.1 only", "--transport", "fast", "--http2", "-n", "1")]
    [InlineData("run", "/nonexistent/scenario.yaml", "scenario.yaml")]
    public async Task Command_BadInput_OneLineAndExitCode2(string command, string target, string expected, params string[] extra)
    {
        var (code, _, error) = await CliHarness.RunAsync([command, target, .. extra]);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.StartsWith("stampede: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MalformedYaml_ReportsEveryErrorWithPositions()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stampede-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, """
            scenarios:
              a:
                executor: constant-vus
                vus: ten
                durration: 10s
                requests:
                  - url: http://127.0.0.1:9/
            """);
        try
        {
            var (code, _, error) = await CliHarness.RunAsync("run", path);

            Assert.Equal(2, code);
            Assert.Contains($"{Path.GetFileName(path)}:4:", error, StringComparison.Ordinal);
            Assert.Contains($"{Path.GetFileName(path)}:5:", error, StringComparison.Ordinal);
            Assert.Contains("duration", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Help_Attack_ShowsRealExamples()
    {
        var (code, output, _) = await CliHarness.RunAsync("attack", "--help");

        Assert.Equal(0, code);
        Assert.Contains("stampede attack http://127.0.0.1:5080/health -c 50 --duration 30s", output, StringComparison.Ordinal);
        Assert.Contains("--rate", output, StringComparison.Ordinal);
    }
}

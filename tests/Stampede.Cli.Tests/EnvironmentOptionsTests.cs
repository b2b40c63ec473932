using System.CommandLine;
using Spectre.Console;
using Stampede.Cli.Commands;
using Stampede.Cli.Output;

namespace Stampede.Cli.Tests;

public sealed class EnvironmentOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-env-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Parses <paramref name="args"/> with the real <c>run</c> command and reads the environment as it does.</summary>
    private static IReadOnlyDictionary<string, string> ReadRun(params string[] args)
    {
        var parse = Root.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) })).Parse(["run", "s.yaml", .. args], new ParserConfiguration { ResponseFileTokenReplacer = null });
        Assert.Empty(parse.Errors);
        var options = parse.CommandResult.Command.Options;
        return EnvironmentOptions.Build(
            parse.GetValue(options.OfType<Option<string[]>>().Single(o => o.Name == "--env-file")) ?? [],
            parse.GetValue(options.OfType<Option<string[]>>().Single(o => o.Name == "--env")) ?? []);
    }

    [Theory]
    [InlineData("-e", "TOKEN=s3cr3t")]
    [InlineData("--env", "TOKEN=s3cr3t")]
    [InlineData("--env=TOKEN=s3cr3t")]
    [InlineData("--env:TOKEN=s3cr3t")]
    [InlineData("-e:TOKEN=s3cr3t")]
    [InlineData("-e=TOKEN=s3cr3t")]
    [InlineData("-eTOKEN=s3cr3t")]
    public void Run_EveryFormOfE_IsReadAndRedactedInTheStoredCommandLine(params string[] args)
    {
        var variables = ReadRun(args);

        Assert.Equal("s3cr3t", Assert.Single(variables, v => v.Key == "TOKEN").Value);
        var line = CommandLine.Redact(["run", "s.yaml", .. args]);
        Assert.DoesNotContain("s3cr3t", line, StringComparison.Ordinal);
        Assert.Contains("TOKEN=***", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RepeatedEAndFiles_LaterFileOverridesEarlierAndEOverridesFiles()
    {
        var first = Write("first.env", "A=first\nB=first\nC=first\n");
        var second = Write("second.env", "B=second\nC=second\n");

        var variables = ReadRun("--env-file", first, "-e", "C=flag", "--env-file", second, "-e", "D=x=y", "-e", "E=", "-e", "D=last");

        Assert.Equal(
            [new("A", "first"), new("B", "second"), new("C", "flag"), new("D", "last"), new("E", "")],
            variables.OrderBy(v => v.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Build_NothingGiven_IsEmptyAndDoesNotCopyTheProcessEnvironment()
    {
        Assert.NotNull(Environment.GetEnvironmentVariable("PATH"));

        Assert.Empty(EnvironmentOptions.Build([], []));
    }

    [Theory]
    [InlineData("my-key=hunter2", "-e: a variable name cannot contain '-'; names are letters, digits and _, not starting with a digit")]
    [InlineData("2FA=hunter2", "-e: a variable name cannot start with a digit")]
    [InlineData("=hunter2", "-e: the name before '=' is missing")]
    [InlineData("hunter2", "-e: expected NAME=value, but the argument has no '='")]
    public async Task Run_MalformedE_ExitsTwoWithTheRuleAndNeverTheValue(string variable, string expected)
    {
        var scenario = Write("s.yaml", "scenarios: {}\n");

        var (code, _, error) = await CliHarness.RunAsync("run", scenario, "-e", variable);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("stampede: " + expected, error, StringComparison.Ordinal);
        Assert.Contains("write -e NAME=value", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("scenarios", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SeveralBadInputs_AllReportedAtOnceNumberingEachE()
    {
        var env = Write("bad.env", "OK=1\nnot a line\n");
        var scenario = Write("s.yaml", "scenarios: {}\n");

        var (code, _, error) = await CliHarness.RunAsync("run", scenario, "--env-file", env, "-e", "A=1", "-e", "b c=2", "--env-file", Path.Combine(_folder, "missing.env"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        var lines = error.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"stampede: --env-file {env}:2:1: expected NAME=value, but the line has no '='", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"stampede: --env-file {Path.Combine(_folder, "missing.env")}:1:1: cannot read the env file: the file does not exist", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("stampede: -e #2: a variable name cannot contain a space", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_GoodEnvironment_GoesOnToLoadTheScenario()
    {
        var env = Write("ok.env", "BASE_URL=http://127.0.0.1:9\n");
        var scenario = Write("s.yaml", "scenarios: {}\n");

        var (code, _, error) = await CliHarness.RunAsync("run", scenario, "--env-file", env, "-e", "TOKEN=abc");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("scenarios: there are no scenarios", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NOEQUALS", "***")]
    [InlineData("bad-name=v", "***")]
    [InlineData("NAME=", "NAME=***")]
    [InlineData("NAME=a=b", "NAME=***")]
    public void RedactVariable_Text_KeepsOnlyAValidName(string assignment, string expected)
    {
        Assert.Equal(expected, CommandLine.RedactVariable(assignment));
    }

    [Fact]
    public void Redact_EnvFileAndOtherOptions_AreKept()
    {
        var line = CommandLine.Redact(["run", "s.yaml", "--env-file", "staging.env", "-e", "API_KEY=k", "--env-file=prod.env", "--vus", "2"]);

        Assert.Equal("stampede run s.yaml --env-file staging.env -e API_KEY=*** --env-file=prod.env --vus 2", line);
    }

    [Fact]
    public async Task Help_Run_ShowsTheEnvironmentOptions()
    {
        var (code, output, _) = await CliHarness.RunAsync("run", "--help");

        Assert.Equal(0, code);
        Assert.Contains("-e, --env <NAME=value>", output, StringComparison.Ordinal);
        Assert.Contains("--env-file <path>", output, StringComparison.Ordinal);
        Assert.Contains("stampede run checkout.yaml --env-file staging.env -e API_TOKEN=abc123", output, StringComparison.Ordinal);
    }
}

using Stampede.Scenarios;
using static Stampede.Tests.Scenarios.ScenarioTestHelpers;

namespace Stampede.Tests.Scenarios;

public class ScenarioLoaderFileErrorTests
{
    [Theory]
    [InlineData("scenarios:\n  s: [unclosed\n", 3)]
    [InlineData("scenarios:\n  s:\n\texecutor: constant-vus\n", 3)]
    [InlineData("scenarios: {a: 1\n", 2)]
    [InlineData("a: b: c\n", 1)]
    [InlineData("options:\n  tls: { ca: x\nscenarios:\n  s: 1\n", 2)]
    public void Parse_MalformedYaml_ReportsOneErrorWithPosition(string yaml, int line)
    {
        var error = Assert.Single(Errors(yaml));

        Assert.StartsWith("malformed YAML: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        Assert.True(error.Column >= 1);
    }

    [Fact]
    public void Parse_MissingTlsFile_SaysWhichPathWasLookedFor()
    {
        var dir = Directory.CreateTempSubdirectory("stampede-tls-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "ca.crt"), "dummy");
            var errors = Errors("""
                options:
                  tls:
                    ca: ca.crt
                    cert: pki/client.crt
                scenarios:
                  s:
                    executor: constant-vus
                    duration: 10s
                    requests: [{ url: https://h.test/ }]
                """, dir.FullName);

            var error = Assert.Single(errors);
            Assert.Equal((4, 11), (error.Line, error.Column));
            Assert.Equal($"options.tls.cert: file not found: 'pki/client.crt' (looked for {Path.Combine(dir.FullName, "pki", "client.crt")})", error.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("# only a comment\n", "the file is empty")]
    [InlineData("options: {}\n", "the file has no `scenarios`")]
    [InlineData("scenarios: {}\n", "scenarios: there are no scenarios")]
    [InlineData("scenarios: [a, b]\n", "scenarios: expected a mapping of `key: value` lines, got a list")]
    [InlineData("- just\n- a list\n", "the file: expected a mapping")]
    public void Parse_EmptyOrMisshapenFile_IsReportedAtLineOne(string yaml, string message)
    {
        var error = Assert.Single(Errors(yaml));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.True(error.Column >= 1);
    }

    [Fact]
    public void Parse_SecondDocument_IsAnError()
    {
        var error = Assert.Single(Errors("scenarios:\n  s:\n    executor: constant-vus\n    duration: 1s\n    requests: [{ url: http://h.test/ }]\n---\na: 1\n"));

        Assert.Equal(6, error.Line);
        Assert.Contains("second one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownAlias_IsMalformedYamlNotACrash()
    {
        var error = Assert.Single(Errors("scenarios:\n  s: *nowhere\n"));

        Assert.Contains("*nowhere", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 6), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_NullArguments_ThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ScenarioLoader.Parse(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => ScenarioLoader.Parse("", null!));
        Assert.Throws<ArgumentNullException>(() => ScenarioLoader.Load(null!));
        Assert.Throws<ArgumentException>(() => ScenarioLoader.Load(""));
    }

    [Fact]
    public void Load_MissingFile_ThrowsValidationExceptionNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stampede-missing-{Guid.NewGuid():N}.yaml");

        var ex = Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.Load(path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((path, 1, 1), (error.File, error.Line, error.Column));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}

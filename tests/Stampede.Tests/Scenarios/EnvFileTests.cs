using Stampede.Scenarios;

namespace Stampede.Tests.Scenarios;

public class EnvFileTests
{
    private static string Value(string text, string name = "KEY") => EnvFile.Parse(text, ".env")[name];

    private static IReadOnlyList<ScenarioError> Errors(string text)
    {
        var ex = Assert.Throws<ScenarioValidationException>(() => EnvFile.Parse(text, "test.env"));
        Assert.NotEmpty(ex.Errors);
        Assert.All(ex.Errors, e => Assert.Equal("test.env", e.File));
        return ex.Errors;
    }

    [Theory]
    [InlineData("KEY=value", "value")]
    [InlineData("KEY=", "")]
    [InlineData("KEY =  spaced value  ", "spaced value")]
    [InlineData("  export   KEY=exported", "exported")]
    [InlineData("KEY=a=b==c", "a=b==c")]
    [InlineData("KEY=value # a comment", "value")]
    [InlineData("KEY=value\t# a comment", "value")]
    [InlineData("KEY= # only a comment", "")]
    [InlineData("KEY=pass#word", "pass#word")]
    [InlineData("KEY=#hash", "#hash")]
    [InlineData("KEY=it's \"literal\"", "it's \"literal\"")]
    [InlineData("KEY=$HOME/${USER}", "$HOME/${USER}")]
    [InlineData("KEY='single # not a comment \\n'", "single # not a comment \\n")]
    [InlineData("KEY='  kept  '", "  kept  ")]
    [InlineData("KEY=\"line1\\nline2\"", "line1\nline2")]
    [InlineData("KEY=\"say \\\"hi\\\" \\\\o/\"", "say \"hi\" \\o/")]
    [InlineData("KEY=\"tab\\there\\r\"", "tab\there\r")]
    [InlineData("KEY=\"C:\\dir\\file\"", "C:\\dir\\file")]
    [InlineData("KEY=\"quoted\" # comment", "quoted")]
    [InlineData("KEY=''", "")]
    [InlineData("KEY=value\r\n", "value")]
    [InlineData("KEY=\"v\"\r\n", "v")]
    [InlineData("\uFEFFKEY=bom", "bom")]
    public void Parse_Line_ReadsValue(string text, string expected)
    {
        Assert.Equal(expected, Value(text));
    }

    [Fact]
    public void Parse_File_SkipsCommentsAndBlankLinesAndKeepsEveryVariable()
    {
        var variables = EnvFile.Parse("""
            # connection

            BASE_URL=https://api.test
              # indented comment
            export TOKEN='s3cr3t'
            _private=1
            EMPTY=
            """, ".env");

        Assert.Equal(4, variables.Count);
        Assert.Equal("https://api.test", variables["BASE_URL"]);
        Assert.Equal("s3cr3t", variables["TOKEN"]);
        Assert.Equal("1", variables["_private"]);
        Assert.Equal("", variables["EMPTY"]);
    }

    [Fact]
    public void Parse_NameTwice_LastWins()
    {
        Assert.Equal("second", Value("KEY=first\nKEY=second\n"));
    }

    [Fact]
    public void Parse_NamesAreCaseSensitive()
    {
        var variables = EnvFile.Parse("key=lower\nKEY=upper\n", ".env");

        Assert.Equal(("lower", "upper"), (variables["key"], variables["KEY"]));
    }

    [Fact]
    public void Parse_QuotedValueOverSeveralLines_KeepsNewlinesAndLineNumbersAfterIt()
    {
        var variables = EnvFile.Parse("KEY=\"-----BEGIN KEY-----\r\nabc\r\n-----END KEY-----\"\r\nNEXT=1\r\n", ".env");

        Assert.Equal("-----BEGIN KEY-----\nabc\n-----END KEY-----", variables["KEY"]);
        Assert.Equal("1", variables["NEXT"]);

        var error = Assert.Single(Errors("KEY='a\nb'\nbad-name=1\n"));
        Assert.Equal((3, 4), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_EveryMistake_ReportedAtItsLineAndColumnWithoutTheValue()
    {
        var errors = Errors("""
            GOOD=1
            1BAD=secret-one
              my-key=secret-two
            =secret-three
            hunter2
            LONELY
            QUOTED="secret-four" trailing
            OPEN='secret-five
            """);

        const string Names = "; names are letters, digits and _, not starting with a digit";
        Assert.Collection(errors,
            e => Assert.Equal((2, 1, "a variable name cannot start with a digit" + Names), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((3, 5, "a variable name cannot contain '-'" + Names), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((4, 1, "the name before '=' is missing"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((5, 1, "expected NAME=value, but the line has no '='"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((6, 1, "expected NAME=value, but the line has no '='"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((7, 22, "unexpected text after the closing quote of QUOTED's value"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((8, 6, "the value of OPEN opens a single quote that is never closed"), (e.Line, e.Column, e.Message)));
        Assert.All(errors, e => Assert.DoesNotContain("secret", e.ToString(), StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("LONELY", e.ToString(), StringComparison.Ordinal));
        Assert.StartsWith("test.env:2:1: ", errors[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MY KEY=1", 3, "a space")]
    [InlineData("MY\tKEY=1", 3, "a tab")]
    [InlineData("export API.TOKEN=1", 11, "'.'")]
    [InlineData("KÉY=1", 2, "'É'")]
    public void Parse_BadCharacterInName_PointsAtIt(string text, int column, string shown)
    {
        var error = Assert.Single(Errors(text));

        Assert.Equal((1, column), (error.Line, error.Column));
        Assert.StartsWith($"a variable name cannot contain {shown};", error.Message, StringComparison.Ordinal);
        Assert.Equal("write NAME=value, e.g. API_TOKEN=abc123", error.Hint);
    }

    [Fact]
    public void Load_File_ReadsIt()
    {
        using var dir = new TempFolder();
        var path = dir.Write("staging.env", "BASE_URL=https://staging.test\n");

        Assert.Equal("https://staging.test", EnvFile.Load(path)["BASE_URL"]);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        using var dir = new TempFolder();
        var path = dir.Full("nope.env");

        var ex = Assert.Throws<ScenarioValidationException>(() => EnvFile.Load(path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((path, 1, 1), (error.File, error.Line, error.Column));
        Assert.Equal("cannot read the env file: the file does not exist", error.Message);
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("_", true)]
    [InlineData("api_TOKEN_2", true)]
    [InlineData("", false)]
    [InlineData("2FA", false)]
    [InlineData("my-key", false)]
    [InlineData("KEY ", false)]
    [InlineData("ÄPFEL", false)]
    [InlineData(null, false)]
    public void IsValidName_Name_FollowsIdentifierRule(string? name, bool valid)
    {
        Assert.Equal(valid, EnvFile.IsValidName(name));
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Stampede.Scenarios.Flow;
using Stampede.Scenarios.Templates;

namespace Stampede.Tests.Scenarios.Flow;

/// <summary>
/// <see cref="BodyRegex"/> against the plain way — <see cref="Regex.Match(string)"/> over the whole body as a
/// string — which is the reference: same value for every pattern and body, and less allocated.
/// </summary>
public sealed class BodyRegexTests
{
    private static readonly string[] Patterns =
    [
        "req-[0-9a-f]+", "\"id\":\"([^\"]+)\"", "id=(\\d+)", "(a+)(b*)", "a(b|ab)*?(1)", "(a|ab)(c|bcd)?", "((a)|b)+", "(?>a+)(b)",
        "(a*)", "(?:x|(=))\\d", "(?<n>b+)a", "(\\w+)\\s*=\\s*\"(.*?)\"", "(a)|b", "([]a]+)", "([^]b]+)=",
        "^(a+)", "(b+)$", "\\b(ab)\\b", "(?<=a)(b+)", "(?<!a)(b)", "(?=ab)(a)", "(?(a)(ab)|(b))", "(\\d+)(?!\\d|=)", "\\G(a)",
    ];

    private static readonly string[] Bodies =
    [
        """{"a":{"b":"x"},"items":[{"id":"req-7f3a","n":1}],"id":"req-0000"}""",
        "id=1 id=22 id=333",
        "aab ab abab1 a=1 b=2 ba",
        "<input name=\"csrf\" value=\"t0k3n\"> key = \"v a l\"",
        "",
        "bbb",
        "]]a]b=",
    ];

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var pattern in Patterns)
        {
            foreach (var body in Bodies)
            {
                cases.Add(pattern, body);
            }
        }

        return cases;
    }

    private static string? Reference(Regex pattern, string body)
    {
        var match = pattern.Match(body);
        return !match.Success ? null : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
    }

    [Theory]
    [InlineData("req-[0-9a-f]+", true)]
    [InlineData("\"id\":\"([^\"]+)\"", true)]
    [InlineData("id=(\\d+)", true)]
    [InlineData("[\\b](x)", true)]
    [InlineData("[$^](x)", true)]
    [InlineData("[^]^$](x)", true)]
    [InlineData("\\$(\\d+)\\^", true)]
    [InlineData("(?<name>\\d+)(?:x)(?>y)(?i:z)", true)]
    [InlineData("^id=(\\d+)", false)]
    [InlineData("(\\d+)$", false)]
    [InlineData("\\bid\\b", false)]
    [InlineData("\\Bx", false)]
    [InlineData("\\Aid", false)]
    [InlineData("id\\z", false)]
    [InlineData("id\\Z", false)]
    [InlineData("\\Gid", false)]
    [InlineData("(?<=id=)\\d+", false)]
    [InlineData("(?<!x)(\\d)", false)]
    [InlineData("(?=a)(a)", false)]
    [InlineData("(?!a)(b)", false)]
    [InlineData("(?(a)a|b)", false)]
    [InlineData("(?x) a # [", false)]
    [InlineData("[]^](x)", true)]
    public void IsContextFree_Pattern_TellsWhetherMatchesDependOnTheTextAround(string pattern, bool expected) =>
        Assert.Equal(expected, BodyRegex.IsContextFree(pattern));

    [Theory]
    [MemberData(nameof(Cases))]
    public void FirstValue_AnyPatternAndBody_EqualsTheMatchOverTheWholeBody(string pattern, string body)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);

        Assert.Equal(Reference(regex, body), new BodyRegex(regex).FirstValue(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TestFirstValue_EqualsTheReferenceValue_PassesExactlyWhenThereIsAMatch(string pattern, string body)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var expected = Reference(regex, body);
        var equals = new Stampede.Scenarios.Flow.ValueMatch(MatchKind.Equals, Template.Of(expected ?? "no match"), 0, null);

        // A constant expected value never reads the VU state.
        Assert.Equal(expected is not null, new BodyRegex(regex).TestFirstValue(Encoding.UTF8.GetBytes(body), equals, null!));
    }

    [Fact]
    public void FirstValue_RandomBodies_EqualsTheMatchOverTheWholeBody()
    {
        var random = new Random(20261123);
        const string alphabet = "aab1=\" \nxb]";
        var regexes = Patterns.Select(p => (Regex: new Regex(p, RegexOptions.CultureInvariant), Body: new BodyRegex(new Regex(p, RegexOptions.CultureInvariant)))).ToList();
        for (var i = 0; i < 500; i++)
        {
            var body = new string(random.GetItems(alphabet.AsSpan(), random.Next(0, 40)));
            var bytes = Encoding.UTF8.GetBytes(body);
            foreach (var (regex, bodyRegex) in regexes)
            {
                Assert.True(Reference(regex, body) == bodyRegex.FirstValue(bytes), $"/{regex}/ on '{body}'");
            }
        }
    }

    [Fact]
    public void FirstValue_ContextFreePatternWithAGroup_MakesOnlyTheMatchAString()
    {
        var body = Encoding.UTF8.GetBytes(new string('x', 4000) + """ "id":"req-7f3a" """);
        var regex = new BodyRegex(new Regex("\"id\":\"(req-[0-9a-f]+)\"", RegexOptions.CultureInvariant));
        Assert.True(regex.ContextFree);

        var allocated = Allocations.PerCall(() => regex.FirstValue(body));

        Assert.Equal("req-7f3a", regex.FirstValue(body));
        Assert.True(allocated < Allocations.StringSize(body.Length) / 4, $"{allocated} B per call for a {body.Length}-byte body");
    }
}

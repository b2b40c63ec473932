using System.Text;
using System.Text.Json;
using Stampede.Scenarios.Json;
using static Stampede.Tests.Scenarios.Json.JsonPathTestBodies;

namespace Stampede.Tests.Scenarios.Json;

public class JsonPathSyntaxTests
{
    private const string Body = """
        {"a":{"b":"ab","c":[10,11,12,13]},"items":[{"id":1,"sku":"x","price":9.5},{"id":2,"sku":"y","price":120},
        {"id":3,"sku":"z","price":30},{"id":4,"sku":"w","price":1e1}],"id":0,"n":null}
        """;

    [Theory]
    [InlineData("$.a.b", new[] { "\"ab\"" })]
    [InlineData("$['a']['b']", new[] { "\"ab\"" })]
    [InlineData("$[\"a\"][\"b\"]", new[] { "\"ab\"" })]
    [InlineData("$.a['b']", new[] { "\"ab\"" })]
    [InlineData("$.n", new[] { "null" })]
    [InlineData("$.a.c[0]", new[] { "10" })]
    [InlineData("$.a.c[3]", new[] { "13" })]
    [InlineData("$.a.c[4]", new string[0])]
    [InlineData("$.a.c[-1]", new[] { "13" })]
    [InlineData("$.a.c[-4]", new[] { "10" })]
    [InlineData("$.a.c[-5]", new string[0])]
    [InlineData("$.a.c[*]", new[] { "10", "11", "12", "13" })]
    [InlineData("$.a.c.*", new[] { "10", "11", "12", "13" })]
    [InlineData("$.a.*", new[] { "\"ab\"", "[10,11,12,13]" })]
    [InlineData("$.a[*]", new[] { "\"ab\"", "[10,11,12,13]" })]
    [InlineData("$.a.c[1:3]", new[] { "11", "12" })]
    [InlineData("$.a.c[:2]", new[] { "10", "11" })]
    [InlineData("$.a.c[2:]", new[] { "12", "13" })]
    [InlineData("$.a.c[:]", new[] { "10", "11", "12", "13" })]
    [InlineData("$.a.c[1:1]", new string[0])]
    [InlineData("$.a.c[2:100]", new[] { "12", "13" })]
    [InlineData("$.a.c[0,2]", new[] { "10", "12" })]
    [InlineData("$.a.c[2,0]", new[] { "10", "12" })]
    [InlineData("$.a.c[-1,0]", new[] { "10", "13" })]
    [InlineData("$.a.c[1,1]", new[] { "11" })]
    [InlineData("$.a.c[0:2,3]", new[] { "10", "11", "13" })]
    [InlineData("$['n','a'].b", new[] { "\"ab\"" })]
    [InlineData("$['id','n']", new[] { "0", "null" })]
    [InlineData("$..id", new[] { "1", "2", "3", "4", "0" })]
    [InlineData("$..c[-1]", new[] { "13" })]
    [InlineData("$..[1]", new[] { "11", "{\"id\":2,\"sku\":\"y\",\"price\":120}" })]
    [InlineData("$.items[*].price", new[] { "9.5", "120", "30", "1e1" })]
    [InlineData("$.items[?(@.price > 10)].sku", new[] { "\"y\"", "\"z\"" })]
    [InlineData("$.items[?(@.sku == 'x')].price", new[] { "9.5" })]
    [InlineData("$.a.c[?(@ >= 12)]", new[] { "12", "13" })]
    [InlineData("$.a[?(@)]", new[] { "\"ab\"", "[10,11,12,13]" })]
    [InlineData("$.nothing", new string[0])]
    [InlineData("$.a.b.c", new string[0])]
    [InlineData("$.a.c.b", new string[0])]
    [InlineData("$.a[0]", new string[0])]
    public void FindAll_EachSyntaxForm_MatchesInDocumentOrder(string path, string[] expected) =>
        Assert.Equal(expected, All(path, Body));

    [Fact]
    public void TryFind_Root_IsTheWholeBody()
    {
        var json = "  {\"a\" : [1, 2]}\n";
        var match = First("$", json, out var body);

        Assert.Equal(JsonValueKind.Object, match.Kind);
        Assert.Equal(2, match.Start);
        Assert.Equal("{\"a\" : [1, 2]}", match.GetString(body));
    }

    [Theory]
    [InlineData("$..id", "1")]
    [InlineData("$['id','items'][0].id", "1")]
    [InlineData("$.items[3,0].sku", "\"x\"")]
    [InlineData("$.items[-1,1].id", "2")]
    [InlineData("$..*", "{\"b\":\"ab\",\"c\":[10,11,12,13]}")]
    public void TryFind_SeveralMatches_ReturnsTheFirstInTheBody(string path, string expected)
    {
        var match = First(path, Body, out var body);

        Assert.Equal(expected, Encoding.UTF8.GetString(match.GetRawText(body)));
    }

    [Fact]
    public void FindAll_DescendantMatchInsideAMatch_OuterComesFirst()
    {
        const string json = """{"x":{"x":{"x":1}}}""";

        Assert.Equal(["{\"x\":{\"x\":1}}", "{\"x\":1}", "1"], All("$..x", json));
        Assert.Equal(["{\"x\":1}", "1"], All("$..x.x", json));
    }

    [Fact]
    public void FindAll_ValueReachedTwoWays_CountsOnce()
    {
        const string json = """{"a":{"a":{"b":7}}}""";

        // Through the outer 'a' and through the inner 'a': the same value, one match.
        Assert.Equal(["7"], All("$..a..b", json));
        Assert.Equal(["{\"a\":{\"b\":7}}"], All("$['a','a']", json));
    }

    [Fact]
    public void FindAll_DuplicateMemberNames_MatchesEach()
    {
        Assert.Equal(["1", "2"], All("$.k", """{"k":1,"k":2}"""));
        Assert.Equal(["{\"k\":1,\"k\":2}"], All("$[?(@.k == 1)]", """[{"k":1,"k":2}]"""));
    }

    [Theory]
    [InlineData(@"$['it\'s']", """{"it's":1}""")]
    [InlineData(@"$[""it's""]", """{"it's":1}""")]
    [InlineData(@"$['say \""hi\""']", """{"say \"hi\"":1}""")]
    [InlineData(@"$[""say \""hi\""""]", """{"say \"hi\"":1}""")]
    [InlineData(@"$['back\\slash']", """{"back\\slash":1}""")]
    [InlineData(@"$['a\/b']", """{"a/b":1}""")]
    [InlineData(@"$['tab\there']", """{"tab\there":1}""")]
    [InlineData(@"$['line\nbreak']", """{"line\u000abreak":1}""")]
    [InlineData("$['a b']", """{"a b":1}""")]
    [InlineData("$['a.b']", """{"a.b":1,"a":{"b":2}}""")]
    [InlineData("$['']", """{"":1}""")]
    [InlineData("$.id", """{"\u0069\u0064":1}""")]
    [InlineData("$['\\u0069d']", """{"id":1}""")]
    public void TryFind_EscapedNames_MatchTheUnescapedMember(string path, string json)
    {
        var match = First(path, json, out var body);

        Assert.Equal("1", match.GetString(body));
    }

    [Theory]
    [InlineData("$.café", """{"cafe":0,"café":1}""")]
    [InlineData("$['café']", """{"cafe":0,"caf\u00e9":1}""")]
    [InlineData("$.日本", """{"日本":1}""")]
    [InlineData("$['😀']", """{"\ud83d\ude00":1}""")]
    [InlineData("$['\\ud83d\\ude00']", """{"😀":1}""")]
    [InlineData("$.x[?(@.name == 'Zoë')].v", """{"x":[{"name":"Zoe","v":0},{"name":"Zo\u00eb","v":1}]}""")]
    public void TryFind_UnicodeNames_MatchWhateverTheEncoding(string path, string json)
    {
        var match = First(path, json, out var body);

        Assert.Equal("1", match.GetString(body));
    }

    [Theory]
    [InlineData("$.n.more", """{"n":null}""")]
    [InlineData("$.n[0]", """{"n":null}""")]
    [InlineData("$[0]", """{"0":1}""")]
    [InlineData("$['0']", "[1,2]")]
    [InlineData("$.s[0]", """{"s":"text"}""")]
    [InlineData("$.s.length", """{"s":"text"}""")]
    [InlineData("$.s.*", """{"s":"text"}""")]
    [InlineData("$.s[?(@)]", """{"s":"text"}""")]
    [InlineData("$[*]", "42")]
    public void TryFind_PathThroughTheWrongType_FindsNothing(string path, string json)
    {
        Assert.False(JsonPath.Parse(path).TryFind(Encoding.UTF8.GetBytes(json), out var match));
        Assert.Equal(default, match);
    }

    [Fact]
    public void Evaluation_OneCompiledPathFromManyThreads_GivesTheSameResults()
    {
        var path = JsonPath.Parse("$.items[?(@.price > 10)].id");
        var bodies = Enumerable.Range(0, 64)
            .Select(n => Encoding.UTF8.GetBytes($$"""{"items":[{"id":{{n}},"price":{{n}}},{"id":-1,"price":1}]}"""))
            .ToArray();
        var counts = new int[bodies.Length];

        Parallel.For(0, bodies.Length * 50, i =>
        {
            var n = i % bodies.Length;
            var found = path.TryFind(bodies[n], out var match);
            var expected = n > 10 ? 1 : 0;
            if (found == (expected == 1) && path.Count(bodies[n]) == expected
                && (!found || match.ValueEquals(bodies[n], n.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            {
                Interlocked.Increment(ref counts[n]);
            }
        });

        Assert.All(counts, c => Assert.Equal(50, c));
    }
}

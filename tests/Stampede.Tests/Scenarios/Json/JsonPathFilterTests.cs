using static Stampede.Tests.Scenarios.Json.JsonPathTestBodies;

namespace Stampede.Tests.Scenarios.Json;

public class JsonPathFilterTests
{
    private const string Items = """
        [
          {"id":1,"s":"abc","n":5,"b":true,"z":null,"tags":["a","b"]},
          {"id":2,"s":"abd","n":5.0,"b":false,"tags":[]},
          {"id":3,"s":"\u0061bc","n":-2.5e1,"z":null},
          {"id":4,"s":"b","n":"5","o":{"k":"v"}},
          {"id":5,"s":"é","n":1e2,"o":{"k":"w","deep":{"x":[1,2,3]}}}
        ]
        """;

    [Theory]
    // Strings: unescaped equality, code point order; a missing member differs from every literal.
    [InlineData("@.s == 'abc'", new[] { 1, 3 })]
    [InlineData("@.s == \"abc\"", new[] { 1, 3 })]
    [InlineData("@.s == '\\u0061bc'", new[] { 1, 3 })]
    [InlineData("@.s != 'abc'", new[] { 2, 4, 5 })]
    [InlineData("@.s < 'abd'", new[] { 1, 3 })]
    [InlineData("@.s <= 'abd'", new[] { 1, 2, 3 })]
    [InlineData("@.s > 'abd'", new[] { 4, 5 })]
    [InlineData("@.s >= 'b'", new[] { 4, 5 })]
    [InlineData("@.s > 'z'", new[] { 5 })]
    [InlineData("@.s == 'é'", new[] { 5 })]
    // Numbers: numeric equality and order (5 == 5.0, 1e2 == 100), never equal to a numeric string.
    [InlineData("@.n == 5", new[] { 1, 2 })]
    [InlineData("@.n == 5.0", new[] { 1, 2 })]
    [InlineData("@.n == 5e0", new[] { 1, 2 })]
    [InlineData("@.n == '5'", new[] { 4 })]
    [InlineData("@.n != 5", new[] { 3, 4, 5 })]
    [InlineData("@.n > 4.5", new[] { 1, 2, 5 })]
    [InlineData("@.n >= 5", new[] { 1, 2, 5 })]
    [InlineData("@.n < 0", new[] { 3 })]
    [InlineData("@.n <= -25", new[] { 3 })]
    [InlineData("@.n == -2.5E+1", new[] { 3 })]
    [InlineData("@.n == 100", new[] { 5 })]
    [InlineData("@.n > 99.99", new[] { 5 })]
    [InlineData("@.n < 1e3", new[] { 1, 2, 3, 5 })]
    // true, false, null: equality only; no order.
    [InlineData("@.b == true", new[] { 1 })]
    [InlineData("@.b == false", new[] { 2 })]
    [InlineData("@.b != true", new[] { 2, 3, 4, 5 })]
    [InlineData("@.b < true", new int[0])]
    [InlineData("@.z == null", new[] { 1, 3 })]
    [InlineData("@.z != null", new[] { 2, 4, 5 })]
    // Type mismatches compare false.
    [InlineData("@.s > 5", new int[0])]
    [InlineData("@.n > 'a'", new int[0])]
    [InlineData("@.o == 'v'", new int[0])]
    [InlineData("@.tags == null", new int[0])]
    // Existence: present even when null or empty.
    [InlineData("@.z", new[] { 1, 3 })]
    [InlineData("@.tags", new[] { 1, 2 })]
    [InlineData("@.o.deep", new[] { 5 })]
    [InlineData("!@.z", new[] { 2, 4, 5 })]
    [InlineData("@", new[] { 1, 2, 3, 4, 5 })]
    // Relative paths: names, brackets, indices from either end.
    [InlineData("@.o.k == 'v'", new[] { 4 })]
    [InlineData("@['o']['k'] == \"w\"", new[] { 5 })]
    [InlineData("@.o.deep.x[2] == 3", new[] { 5 })]
    [InlineData("@.o.deep.x[-1] == 3", new[] { 5 })]
    [InlineData("@.o.deep.x[-3] == 1", new[] { 5 })]
    [InlineData("@.o.deep.x[-4] == 1", new int[0])]
    [InlineData("@.tags[0] == 'a'", new[] { 1 })]
    [InlineData("@.tags[1]", new[] { 1 })]
    [InlineData("@.tags[2]", new int[0])]
    // A literal on the left reads as its mirror.
    [InlineData("5 == @.n", new[] { 1, 2 })]
    [InlineData("4 < @.n", new[] { 1, 2, 5 })]
    [InlineData("'abd' >= @.s", new[] { 1, 2, 3 })]
    // Logic.
    [InlineData("@.id > 1 && @.id < 4", new[] { 2, 3 })]
    [InlineData("@.id == 1 || @.id == 5", new[] { 1, 5 })]
    [InlineData("!(@.id == 1)", new[] { 2, 3, 4, 5 })]
    [InlineData("@.id == 1 || @.id == 2 && @.b == true", new[] { 1 })]
    [InlineData("(@.id == 1 || @.id == 2) && @.b == false", new[] { 2 })]
    [InlineData("!@.z && !@.o", new[] { 2 })]
    [InlineData("!!@.z", new[] { 1, 3 })]
    public void FindAll_FilterOnElements_KeepsTheElementsItHoldsFor(string filter, int[] expectedIds)
    {
        var withParentheses = All($"$[?({filter})].id", Items);
        var withoutParentheses = All($"$[?{filter}].id", Items);

        Assert.Equal(expectedIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)), withParentheses);
        Assert.Equal(withParentheses, withoutParentheses);
    }

    [Theory]
    [InlineData("$[?(@ > 2)]", "[1,2,3,4]", new[] { "3", "4" })]
    [InlineData("$[?(@ == 'x')]", """["x","y","x"]""", new[] { "\"x\"", "\"x\"" })]
    [InlineData("$[?(@ == null)]", "[null,0,false,\"\"]", new[] { "null" })]
    [InlineData("$[?(@ == 0)]", "[null,0,false,\"\",0.0,-0]", new[] { "0", "0.0", "-0" })]
    [InlineData("$[?(@ == false)]", "[null,0,false,\"\"]", new[] { "false" })]
    [InlineData("$[?(@ == '')]", "[null,0,false,\"\"]", new[] { "\"\"" })]
    [InlineData("$[?(@ > 12345678901234000000)]", "[12345678901234567890, 1]", new[] { "12345678901234567890" })]
    [InlineData("$[?(@ < 0.001)]", "[1e-4, 0.01, 1E-2, -3]", new[] { "1e-4", "-3" })]
    public void FindAll_FilterOnScalars_TestsTheElementItself(string path, string json, string[] expected) =>
        Assert.Equal(expected, All(path, json));

    [Fact]
    public void FindAll_FilterOnObject_TestsEachMemberValue() =>
        Assert.Equal(["{\"p\":3}", "{\"p\":5}"], All("$.m[?(@.p > 2)]", """{"m":{"a":{"p":1},"b":{"p":3},"c":{"p":5}}}"""));

    [Fact]
    public void FindAll_FilterUnderDescendant_TestsChildrenAtEveryDepth() =>
        Assert.Equal(["{\"id\":1,\"price\":5}", "{\"id\":3,\"price\":2}"],
            All("$..[?(@.price < 10)]", """{"a":[{"id":1,"price":5},{"id":2,"price":50,"sub":{"b":{"id":3,"price":2}}}]}"""));

    [Fact]
    public void FindAll_StringComparisonsWithEscapesAndLongText_UseUnescapedText()
    {
        // Longer than the stack buffer, so the unescaped copy goes through the pool.
        var longText = new string('q', 600);
        var json = $$"""[{"s":"{{longText}}\u0041","id":1},{"s":"{{longText}}","id":2}]""";

        Assert.Equal(["1"], All($"$[?(@.s > '{longText}')].id", json));
        Assert.Equal(["1"], All($"$[?(@.s == '{longText}A')].id", json));
        Assert.Equal(["2"], All($"$[?(@.s <= '{longText}')].id", json));
    }
}

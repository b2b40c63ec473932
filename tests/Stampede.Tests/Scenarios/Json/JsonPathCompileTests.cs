using Stampede.Scenarios.Json;

namespace Stampede.Tests.Scenarios.Json;

public class JsonPathCompileTests
{
    [Theory]
    [InlineData("$")]
    [InlineData("$.plaintext")]
    [InlineData("$.items[0].price")]
    [InlineData("$['a b']['c']")]
    [InlineData("$[\"a\"][\"it's\"]")]
    [InlineData(@"$['it\'s']['say \""hi\""']['back\\slash']")]
    [InlineData(@"$['\u00e9\n\t\/']")]
    [InlineData("$.items[-1]")]
    [InlineData("$.items[*]")]
    [InlineData("$.items.*")]
    [InlineData("$..id")]
    [InlineData("$..*")]
    [InlineData("$..[0]")]
    [InlineData("$..['a','b']")]
    [InlineData("$[0,1,-1]")]
    [InlineData("$['a', \"b\", 2]")]
    [InlineData("$[1:3]")]
    [InlineData("$[:3]")]
    [InlineData("$[1:]")]
    [InlineData("$[:]")]
    [InlineData("$[ 1 : 3 ]")]
    [InlineData("$.items[?(@.sku == 'x')].price")]
    [InlineData("$[?(@.k)]")]
    [InlineData("$[?(@)]")]
    [InlineData("$[?@.k != \"v\"]")]
    [InlineData("$[?(@.a.b[0]['c'] >= -1.5e3)]")]
    [InlineData("$[?(@ < 10 && @ > 1 || !(@ == 5))]")]
    [InlineData("$[?(10 > @.n)]")]
    [InlineData("$[?(@.t == true || @.f == false || @.z == null)]")]
    [InlineData("$.café.日本.x-y._z.$ref.@type")]
    public void TryCompile_SupportedForms_Compiles(string text)
    {
        Assert.True(JsonPath.TryCompile(text, out var path, out var error), error);
        Assert.Equal(text, path.Text);
        Assert.Equal(text, path.ToString());
    }

    [Theory]
    [InlineData("", "the path is empty at 0; write '$' for the whole body or e.g. $.name")]
    [InlineData("plaintext", "a path starts with '$', found 'p' at 0; write $.plaintext")]
    [InlineData(".a", "a path starts with '$', found '.' at 0; write $.a")]
    [InlineData("@.a", "a path starts with '$', found '@' at 0; '@' is the element inside a filter; a path starts with '$'")]
    [InlineData("$.", "expected a name after '.' at 2; found the end of the path; e.g. $.name")]
    [InlineData("$.a.", "expected a name after '.' at 4; found the end of the path; e.g. $.name")]
    [InlineData("$.[0]", "expected a name after '.' at 2; found '['; remove the '.' before '['")]
    [InlineData("$.'a'", "expected a name after '.' at 2; found \"'\"; quoted names go in brackets: ['name']")]
    [InlineData("$.a%b", "unexpected '%' at 3; a path continues with .name, ['name'], [index], [*], [start:end] or [?(...)]")]
    [InlineData("$..", "expected a name, '*' or '[' after '..' at 3; found the end of the path; e.g. $.name")]
    [InlineData("$.items[", "unclosed '[' at 7; close it with ']'")]
    [InlineData("$.items[0", "unclosed '[' at 7; close it with ']'")]
    [InlineData("$.items[0,", "unclosed '[' at 7; close it with ']'")]
    [InlineData("$[]", "empty brackets at 1; put a name, an index, '*', a slice or a filter inside: ['name'], [0]")]
    [InlineData("$[0,]", "expected a selector, found ']' at 4; remove the extra ','")]
    [InlineData("$[0 1]", "expected ',' or ']', found '1' at 4")]
    [InlineData("$[a]", "expected a name in quotes, an index, '*', a slice or a filter, found 'a' at 2; quote names in brackets: ['name']")]
    [InlineData("$['a]", "unclosed string at 2; close it with '")]
    [InlineData(@"$['a\x']", @"unknown escape '\x' at 4; strings accept \' \"" \\ \/ \b \f \n \r \t and \uXXXX")]
    [InlineData(@"$['\u00g1']", @"'\u' needs four hex digits at 3; strings accept \' \"" \\ \/ \b \f \n \r \t and \uXXXX")]
    [InlineData("$[01]", "an index has no leading zeros, found '01' at 2")]
    [InlineData("$[-0]", "'-0' is not an index at 2; use [0] for the first element or [-1] for the last")]
    [InlineData("$[-]", "expected digits after '-' at 3; found ']'")]
    [InlineData("$[99999999999]", "index 99999999999 is out of range at 2; indices go up to 2147483647")]
    [InlineData("$[-1:2]", "slice bounds must not be negative, found -1 at 2; use [-n] for one element counted from the end")]
    [InlineData("$[1:-1]", "slice bounds must not be negative, found -1 at 4; omit the end to slice to the last element: [2:]")]
    [InlineData("$[0:4:2]", "slice steps are not supported at 5; write [start:end]")]
    [InlineData("$[3:1]", "the slice ends (1) before it starts (3) at 2; write [start:end] with start <= end")]
    [InlineData("$.a b", "unexpected space at 3; spaces are allowed only inside [...]")]
    [InlineData("$[?(@.a = 1)]", "use '==' to compare, found '=' at 8")]
    [InlineData("$[?(@.a =~ /x/)]", "regular expressions (=~) are not supported at 8; compare with ==, !=, <, <=, >, >=")]
    [InlineData("$[?(@.a & @.b)]", "use '&&' for 'and', found '&' at 8")]
    [InlineData("$[?(@.a | @.b)]", "use '||' for 'or', found '|' at 8")]
    [InlineData("$[?(@.a == 1]", "expected ')', '&&' or '||', found ']' at 12")]
    [InlineData("$[?(@.a == 1", "unclosed '(' at 3; close it with ')'")]
    [InlineData("$[?(@.a == 1)", "unclosed '[' at 1; close it with ']'")]
    [InlineData("$[?(length(@) > 1)]", "functions are not supported, found 'length(' at 4; e.g. [?(@.k == 'v')] or [?(@.price < 10 && @.tags)]")]
    [InlineData("$[?(@.a in ['x'])]", "'in' is not an operator at 8; compare with ==, !=, <, <=, >, >= and join tests with &&, || and !")]
    [InlineData("$[?(@.a contains 'x')]", "'contains' is not an operator at 8; compare with ==, !=, <, <=, >, >= and join tests with &&, || and !")]
    [InlineData("$[?(@.a == 1 and @.b)]", "use '&&' for 'and', found 'and' at 13")]
    [InlineData("$[?(@.a or @.b)]", "use '||' for 'or', found 'or' at 8")]
    [InlineData("$[(@.length-1)]", "script expressions [(...)] are not supported at 2; use [-1] for the last element or a filter [?(...)]")]
    [InlineData("$.items.length()", "functions are not supported, found '(' at 14; e.g. count matches with a count check instead of length()")]
    [InlineData("$[?(@.a == $.b)]", "'$' paths are not supported in filters at 11; a filter tests the element: use @ or @.name")]
    [InlineData("$[?(@.a == @.b)]", "comparing two paths is not supported at 11; compare a path with a literal: @.k == 'v'")]
    [InlineData("$[?(1 == 1)]", "comparing two literals is not a test at 6; compare a path with a literal: @.k == 'v'")]
    [InlineData("$[?('x')]", "a literal alone is not a test at 4; compare it with the element: @.k == 'v'")]
    [InlineData("$[?(@.a == yes)]", "unexpected 'yes' at 11; literals are 'text', \"text\", numbers, true, false and null; the element is @")]
    [InlineData("$[?(@.a == 01)]", "'01' is not a number at 11; numbers are written as in JSON: 42, -1.5, 2e-3")]
    [InlineData("$[?(@.a == 1.)]", "'1.' is not a number at 11; numbers are written as in JSON: 42, -1.5, 2e-3")]
    [InlineData("$[?(@.a == 1e)]", "'1e' is not a number at 11; numbers are written as in JSON: 42, -1.5, 2e-3")]
    [InlineData("$[?(@.a == 12abc)]", "'12abc' is not a number at 11; numbers are written as in JSON: 42, -1.5, 2e-3")]
    [InlineData("$[?(@..a)]", "'..' is not supported in filter paths at 5; a filter path names one value: @.a.b or @['a'][0]")]
    [InlineData("$[?(@.*)]", "'.*' is not supported in filter paths at 5; a filter path names one value: @.a.b or @['a'][0]")]
    [InlineData("$[?(@[*])]", "'*' is not supported in filter paths at 6; a filter path names one value: @.a.b or @['a'][0]")]
    [InlineData("$[?(@[0,1])]", "unions and slices are not supported in filter paths at 7; a filter path names one value: @.a.b or @['a'][0]")]
    [InlineData("$[?(@.)]", "expected a name after '.' at 6; found ')'")]
    [InlineData("$[?()]", "expected '@', a path or a literal, found ')' at 4; e.g. [?(@.k == 'v')] or [?(@.price < 10 && @.tags)]")]
    [InlineData("$[?]", "expected '@', a path or a literal, found ']' at 3; e.g. [?(@.k == 'v')] or [?(@.price < 10 && @.tags)]")]
    public void TryCompile_Mistakes_SaysWhatWhereAndFix(string text, string expected)
    {
        Assert.False(JsonPath.TryCompile(text, out var path, out var error));
        Assert.Null(path);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryCompile_SixtyThreeSegments_CompilesAndOneMoreFails()
    {
        var longest = "$" + string.Concat(Enumerable.Repeat(".a", JsonPathParser.MaxSegments));

        Assert.True(JsonPath.TryCompile(longest, out _, out _));
        Assert.False(JsonPath.TryCompile(longest + ".a", out _, out var error));
        Assert.Equal($"the path has more than 63 segments at {longest.Length}; shorten it, e.g. with '..name'", error);
    }

    [Fact]
    public void TryCompile_FilterSize_IsBounded()
    {
        var tests = string.Join(" && ", Enumerable.Repeat("@.a", FilterParser.MaxTests));
        var nested = new string('(', FilterParser.MaxNesting - 1) + "@.a" + new string(')', FilterParser.MaxNesting - 1);

        Assert.True(JsonPath.TryCompile($"$[?({tests})]", out _, out _));
        Assert.True(JsonPath.TryCompile($"$[?({nested})]", out _, out _));
        Assert.False(JsonPath.TryCompile($"$[?({tests} || @.b)]", out _, out var tooMany));
        Assert.False(JsonPath.TryCompile($"$[?(!{nested})]", out _, out var tooDeep));
        Assert.Equal($"the filter has more than 64 tests at {4 + tests.Length + 4}; split it into several checks", tooMany);
        Assert.Equal("the filter nests '(' and '!' more than 32 deep at 35; simplify it", tooDeep);
    }

    [Fact]
    public void Parse_Mistake_ThrowsFormatExceptionNamingThePath()
    {
        var e = Assert.Throws<FormatException>(() => JsonPath.Parse("$.items["));

        Assert.Equal("invalid JSONPath '$.items[': unclosed '[' at 7; close it with ']'", e.Message);
    }

    [Fact]
    public void TryCompile_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => JsonPath.TryCompile(null!, out _, out _));

    [Theory]
    [InlineData("$", true)]
    [InlineData("$.a.b[0]['c'][-1]", true)]
    [InlineData("$.a[*]", false)]
    [InlineData("$..a", false)]
    [InlineData("$['a','b']", false)]
    [InlineData("$[0:1]", false)]
    [InlineData("$[?(@.a)]", false)]
    public void IsSingular_Paths_TrueOnlyForNamesAndIndices(string text, bool expected) =>
        Assert.Equal(expected, JsonPath.Parse(text).IsSingular);
}

using System.Text;
using System.Text.Json;
using Stampede.Scenarios.Json;
using static Stampede.Tests.Scenarios.Json.JsonPathTestBodies;

namespace Stampede.Tests.Scenarios.Json;

public class JsonMatchTests
{
    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"a\\nb\\t\\\"q\\\"\\\\\\/\"", "a\nb\t\"q\"\\/")]
    [InlineData("\"caf\\u00e9\"", "café")]
    [InlineData("\"café 日本\"", "café 日本")]
    [InlineData("\"\\ud83d\\ude00 😀\"", "😀 😀")]
    [InlineData("\"\"", "")]
    public void GetString_String_ReturnsUnescapedText(string value, string expected)
    {
        var match = First("$.v", $$"""{"v":{{value}}}""", out var body);

        Assert.Equal(JsonValueKind.String, match.Kind);
        Assert.Equal(expected, match.GetString(body));
    }

    [Theory]
    [InlineData("42", JsonValueKind.Number)]
    [InlineData("-0.50", JsonValueKind.Number)]
    [InlineData("1.5E+3", JsonValueKind.Number)]
    [InlineData("true", JsonValueKind.True)]
    [InlineData("false", JsonValueKind.False)]
    [InlineData("null", JsonValueKind.Null)]
    [InlineData("{\"a\": [1, 2], \"b\":{}}", JsonValueKind.Object)]
    [InlineData("[ ]", JsonValueKind.Array)]
    public void GetString_OtherKinds_ReturnsRawTextAsInTheBody(string value, JsonValueKind kind)
    {
        var match = First("$.v", $$"""{"v": {{value}} , "w":1}""", out var body);

        Assert.Equal(kind, match.Kind);
        Assert.Equal(value, match.GetString(body));
    }

    [Fact]
    public void StartAndLength_String_SpanTheQuotedRawText()
    {
        const string json = """{"k":  "a\u00e9"}""";
        var match = First("$.k", json, out var body);

        Assert.Equal(json.IndexOf("\"a", StringComparison.Ordinal), match.Start);
        Assert.Equal("\"a\\u00e9\"".Length, match.Length);
        Assert.Equal("\"a\\u00e9\"", Encoding.UTF8.GetString(match.GetRawText(body)));
    }

    [Fact]
    public void GetString_InvalidUtf8_UsesReplacementCharacter()
    {
        byte[] body = [.. "{\"v\":\"a"u8, 0xFF, .. "\\n\"}"u8];

        Assert.True(JsonPath.Parse("$.v").TryFind(body, out var match));
        Assert.Equal("a\uFFFD\n", match.GetString(body));
    }

    [Fact]
    public void GetString_LoneSurrogateEscape_UsesReplacementCharacter()
    {
        var match = First("$.v", """{"v":"x\ud800y\ud83d\ude00"}""", out var body);

        Assert.Equal("x\uFFFDy😀", match.GetString(body));
    }

    [Theory]
    [InlineData("42", 42.0)]
    [InlineData("-0.5", -0.5)]
    [InlineData("0", 0.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("2.5E-2", 0.025)]
    [InlineData("1E+2", 100.0)]
    [InlineData("12345678901234567890", 12345678901234567890.0)]
    [InlineData("1e400", double.PositiveInfinity)]
    public void TryGetDouble_Numbers_ParsesInvariantly(string number, double expected)
    {
        var match = First("$.v", $$"""{"v":{{number}}}""", out var body);

        Assert.True(match.TryGetDouble(body, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("\"5\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[5]")]
    public void TryGetDouble_NotANumber_ReturnsFalse(string value)
    {
        var match = First("$.v", $$"""{"v":{{value}}}""", out var body);

        Assert.False(match.TryGetDouble(body, out var number));
        Assert.Equal(0, number);
    }

    [Fact]
    public void TryGetDouble_UnderCommaDecimalCulture_StillReadsThePoint()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var match = First("$.v", """{"v":1.5}""", out var body);

            Assert.True(match.TryGetDouble(body, out var value));
            Assert.Equal(1.5, value);
            Assert.True(match.ValueEquals(body, "1.50"));
            Assert.False(match.ValueEquals(body, "1,5"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("\"café\"", "café", true)]
    [InlineData("\"caf\\u00e9\"", "café", true)]
    [InlineData("\"caf\\u00e9\"", "caf\\u00e9", false)]
    [InlineData("\"a\\\"b\"", "a\"b", true)]
    [InlineData("\"😀\"", "😀", true)]
    [InlineData("\"abc\"", "abcd", false)]
    [InlineData("\"5\"", "5", true)]
    [InlineData("\"5\"", "5.0", false)]
    [InlineData("100", "100", true)]
    [InlineData("100", "1e2", true)]
    [InlineData("100", "100.000", true)]
    [InlineData("1E2", "100", true)]
    [InlineData("100", "101", false)]
    [InlineData("100", "abc", false)]
    [InlineData("-0.5", "-.5", true)]
    [InlineData("true", "true", true)]
    [InlineData("true", "True", false)]
    [InlineData("true", "1", false)]
    [InlineData("false", "false", true)]
    [InlineData("null", "null", true)]
    [InlineData("null", "", false)]
    [InlineData("{\"a\":1}", "{\"a\":1}", true)]
    [InlineData("{\"a\":1}", "{ \"a\": 1 }", false)]
    [InlineData("[\"é\"]", "[\"é\"]", true)]
    public void ValueEquals_Kinds_ComparesAsDocumented(string value, string expected, bool equal)
    {
        var match = First("$.v", $$"""{"v":{{value}}}""", out var body);

        Assert.Equal(equal, match.ValueEquals(body, expected));
    }

    [Fact]
    public void Default_NoMatch_IsEmptyAndEqualsNothing()
    {
        var none = default(JsonMatch);
        var body = "{}"u8;

        Assert.Equal(JsonValueKind.Undefined, none.Kind);
        Assert.Equal(string.Empty, none.GetString(body));
        Assert.False(none.TryGetDouble(body, out _));
        Assert.False(none.ValueEquals(body, string.Empty));
    }

    [Fact]
    public void Methods_BodyShorterThanTheMatch_ThrowArgumentException()
    {
        var match = First("$.v", """{"v":"a long string value"}""", out _);

        var e = Assert.Throws<ArgumentException>(() => match.GetString("{}"u8));
        Assert.Contains("pass the body the match was found in", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => match.ValueEquals("{}"u8, "x"));
    }
}

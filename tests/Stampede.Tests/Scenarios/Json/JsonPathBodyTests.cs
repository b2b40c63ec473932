using System.Globalization;
using System.Text;
using Stampede.Scenarios.Json;

namespace Stampede.Tests.Scenarios.Json;

/// <summary>What the engine does with bodies: invalid, truncated, deep, large; and that it allocates nothing.</summary>
public class JsonPathBodyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,2,]")]
    [InlineData("{'a':1}")]
    [InlineData("{a:1}")]
    [InlineData("{\"a\":1} x")]
    [InlineData("{\"a\":1}{\"a\":2}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":NaN}")]
    [InlineData("// comment\n{\"a\":1}")]
    [InlineData("{\"a\":\"\\x\"}")]
    [InlineData("{\"a\":\"unterminated}")]
    [InlineData("<html>a</html>")]
    public void TryFindAndCount_InvalidJson_FindNothing(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var matches = new JsonMatch[4];

        foreach (var text in new[] { "$", "$.a", "$..a", "$[?(@ == 1)]" })
        {
            var path = JsonPath.Parse(text);
            Assert.False(path.TryFind(body, out var match), text);
            Assert.Equal(default, match);
            Assert.Equal(0, path.Count(body));
            Assert.Equal(0, path.FindAll(body, matches));
            Assert.All(matches, m => Assert.Equal(default, m));
        }

        Assert.False(JsonPath.IsValidJson(body));
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":[1,2")]
    [InlineData("{\"a\":1,\"b\":[1,2]")]
    [InlineData("{\"a\":1,\"b\":\"tex")]
    [InlineData("{\"a\":1,\"b\":[1,2]} trailing")]
    [InlineData("{\"a\":1,\"b\":[1,}")]
    public void TryFind_MatchBeforeTheBodyBreaks_FindsNothing(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var path = JsonPath.Parse("$.a");

        // The match itself is complete, but a truncated or broken body is not JSON: no match.
        Assert.False(path.TryFind(body, out _));
        Assert.Equal(0, path.Count(body));
        Assert.True(path.TryFind(Encoding.UTF8.GetBytes("{\"a\":1,\"b\":[1,2]}"), out _));
    }

    [Fact]
    public void TryFind_NestingAtTheLimit_FindsTheDeepestValue()
    {
        // 255 arrays around an object make 256 levels: the reader's limit.
        var json = new string('[', 255) + "{\"x\":7}" + new string(']', 255);
        var body = Encoding.UTF8.GetBytes(json);

        Assert.True(JsonPath.Parse("$..x").TryFind(body, out var match));
        Assert.Equal("7", match.GetString(body));
        Assert.True(JsonPath.Parse("$" + string.Concat(Enumerable.Repeat("[0]", 55)) + "..x").TryFind(body, out _));
        Assert.True(JsonPath.IsValidJson(body));
    }

    [Fact]
    public void TryFind_NestingBeyondTheLimit_IsInvalid()
    {
        var json = new string('[', 256) + "{\"x\":7}" + new string(']', 256);
        var body = Encoding.UTF8.GetBytes(json);

        Assert.False(JsonPath.Parse("$..x").TryFind(body, out _));
        Assert.False(JsonPath.Parse("$").TryFind(body, out _));
        Assert.False(JsonPath.IsValidJson(body));
    }

    [Fact]
    public void Evaluation_OneMebibyteBody_FindsValuesAtEitherEnd()
    {
        var json = new StringBuilder("{\"items\":[");
        var count = 0;
        while (json.Length < (1 << 20) - 100)
        {
            json.Append(count == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"id\":{count},\"sku\":\"sku-{count}\",\"price\":{count % 97}.5}}");
            count++;
        }

        json.Append("],\"total\":").Append(count).Append('}');
        var body = Encoding.UTF8.GetBytes(json.ToString());
        Assert.InRange(body.Length, (1 << 20) - 200, 1 << 20);

        Assert.True(JsonPath.Parse("$.items[-1].id").TryFind(body, out var last));
        Assert.True(last.ValueEquals(body, (count - 1).ToString(CultureInfo.InvariantCulture)));
        Assert.True(JsonPath.Parse("$.total").TryFind(body, out var total));
        Assert.True(total.TryGetDouble(body, out var totalValue));
        Assert.Equal(count, totalValue);
        Assert.Equal(count, JsonPath.Parse("$..id").Count(body));
        Assert.Equal(count, JsonPath.Parse("$.items[*]").Count(body));
        Assert.True(JsonPath.Parse($"$.items[?(@.sku == 'sku-{count - 2}')].id").TryFind(body, out var nearEnd));
        Assert.Equal((count - 2).ToString(CultureInfo.InvariantCulture), nearEnd.GetString(body));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" [1, \"two\", {\"3\": null}] ")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void IsValidJson_OneValue_IsTrue(string json) => Assert.True(JsonPath.IsValidJson(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Evaluation_AfterWarmUp_AllocatesNothing()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"a":{"b":"ok"},"items":[{"sku":"a","price":1.5,"name":"caf\u00e9"},{"sku":"x","price":2e1,"name":"tea"},
             {"sku":"b","price":3,"tags":["t"]},{"sku":"x","price":4}],"id":7,"long":"
            """ + new string('z', 400) + "\\u00e9\"}");
        JsonPath[] paths =
        [
            JsonPath.Parse("$.a.b"), JsonPath.Parse("$.items[3].price"), JsonPath.Parse("$..id"),
            JsonPath.Parse("$.items[?(@.sku == 'x')].price"), JsonPath.Parse("$.items[-1].sku"),
            JsonPath.Parse("$.items[?(@.name > 'c' || @.tags[-1])].sku"), JsonPath.Parse("$..*"),
            JsonPath.Parse("$[?(@ > 'z')]"), JsonPath.Parse("$.items[0:2,'x'].name"), JsonPath.Parse("$.nothing"),
        ];
        var matches = new JsonMatch[8];
        var sink = 0;

        void Run()
        {
            foreach (var path in paths)
            {
                if (path.TryFind(body, out var match))
                {
                    sink += match.ValueEquals(body, "x") ? 1 : 0;
                    sink += match.ValueEquals(body, "20") ? 1 : 0;
                    sink += match.TryGetDouble(body, out var number) ? (int)number : 0;
                }

                sink += path.Count(body) + path.FindAll(body, matches);
            }
        }

        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            Run();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sink);
    }
}

using System.Text;
using Stampede.Scenarios.Json;

namespace Stampede.Tests.Scenarios.Json;

/// <summary>
/// The streaming engine against <see cref="ReferenceJsonPath"/>, an independent evaluator over
/// JsonDocument: the same matches, raw text for raw text, in the same order, for hand-picked and for
/// seeded random bodies and queries.
/// </summary>
public class JsonPathReferenceTests
{
    private const string Store = """
        {
          "store": {
            "book": [
              { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95, "id": 1 },
              { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99, "id": 2 },
              { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99, "id": 3 },
              { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99, "id": 4 }
            ],
            "bicycle": { "color": "red", "price": 19.95, "id": 5 }
          },
          "expensive": 10,
          "id": 0
        }
        """;

    private const string Mixed = """
        {"a":{"b":{"a":{"b":1}},"c":[{"b":2},{"a":{"b":3}}]},"items":[{"sku":"x","price":9.5},{"sku":"y","price":1e2},
         {"sku":"caf\u00e9","price":-0.5,"tags":[]},{"sku":null,"price":"12"},{"price":true},[1,2,3],"x",7],
         "b":[],"\u00e9":{"k\"q":"v"},"dup":1,"dup":2}
        """;

    public static TheoryData<string> Queries => new(
        "$", "$.store", "$.store.book[0].title", "$['store']['book'][-1]['title']", "$.store.book[*].author",
        "$..author", "$.store.*", "$.store..price", "$..book[2]", "$..book[-1]", "$..book[0,1]", "$..book[:2]",
        "$..book[1:3].id", "$..book[?(@.isbn)].title", "$..book[?(@.price < 10)].title", "$..[?(@.price > 19)]",
        "$..book[?(@.category == 'fiction' && @.price <= 12.99)].id", "$..book[?(!@.isbn || @.id == 4)].id",
        "$..*", "$..id", "$..[0]", "$..['id','price']", "$.store.book[?(@.author != 'Nigel Rees')].price",
        "$.a.b", "$..b", "$.a..a..b", "$..a.b", "$.items[?(@.sku == 'x')].price", "$.items[?(@.sku == 'café')].price",
        "$.items[?(@.sku)]", "$.items[?(@.sku == null)].price", "$.items[?(@.price >= 9.5)].sku", "$.items[?(@ == 'x')]",
        "$.items[?(@ > 5)]", "$.items[?(@[0] == 1)]", "$.items[?(@[-1] == 3)]", "$.items[?(@.tags)].sku", "$.items[-2]",
        "$.items[5][1:]", "$['é']['k\"q']", "$[\"\\u00e9\"].*", "$.dup", "$.b[*]", "$.b[0]", "$.items[?(@.price == true)]",
        "$.items[?(@.price == '12')].sku", "$.items[?(@.price < 'a')].sku", "$..[?(@ == 2)]", "$..*[?(@.b)]");

    [Theory]
    [MemberData(nameof(Queries))]
    public void FindAll_HandPickedQueries_AgreeWithReference(string query)
    {
        AssertAgrees(query, Store);
        AssertAgrees(query, Mixed);
    }

    [Fact]
    public void FindAll_SeededRandomBodiesAndQueries_AgreeWithReference()
    {
        var random = new Random(9535);
        var withMatches = 0;
        var total = 0;
        for (var document = 0; document < 300; document++)
        {
            var json = RandomJson.Document(random);
            for (var query = 0; query < 10; query++)
            {
                withMatches += AssertAgrees(RandomJson.Query(random), json) > 0 ? 1 : 0;
                total++;
            }
        }

        // The cross-check means something only if a good share of the queries match.
        Assert.True(withMatches > total / 4, $"only {withMatches} of {total} random queries matched anything");
    }

    private static int AssertAgrees(string query, string json)
    {
        var expected = ReferenceJsonPath.Evaluate(query, json);
        Assert.True(JsonPath.TryCompile(query, out var path, out var error), $"{query}: {error}");
        var body = Encoding.UTF8.GetBytes(json);

        var matches = new JsonMatch[expected.Count + 1];
        var count = path.FindAll(body, matches);
        var actual = matches.Take(Math.Min(count, matches.Length)).Select(m => Encoding.UTF8.GetString(m.GetRawText(body))).ToList();

        Assert.True(expected.SequenceEqual(actual),
            $"{query} on {json}\n expected [{string.Join(", ", expected)}]\n actual   [{string.Join(", ", actual)}]");
        Assert.Equal(expected.Count, path.Count(body));
        Assert.Equal(expected.Count > 0, path.TryFind(body, out var first));
        Assert.Equal(expected.Count > 0 ? matches[0] : default, first);
        return expected.Count;
    }
}

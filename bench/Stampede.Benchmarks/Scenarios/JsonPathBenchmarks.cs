using System.Text;
using BenchmarkDotNet.Attributes;
using Stampede.Scenarios.Json;

namespace Stampede.Benchmarks.Scenarios;

/// <summary>
/// What a check or extractor pays per response: JSONPath over a ~1 KB body. The goal is 0 B allocated for
/// TryFind, Count, ValueEquals and TryGetDouble (only GetString allocates, its result).
/// </summary>
[MemoryDiagnoser]
public class JsonPathBenchmarks
{
    private readonly JsonPath _member = JsonPath.Parse("$.a.b");
    private readonly JsonPath _index = JsonPath.Parse("$.items[3].price");
    private readonly JsonPath _descendant = JsonPath.Parse("$..id");
    private readonly JsonPath _filter = JsonPath.Parse("$.items[?(@.sku == 'x')].price");
    private byte[] _body = [];
    private JsonMatch _token;
    private JsonMatch _price;

    [GlobalSetup]
    public void Setup()
    {
        var json = new StringBuilder("""{"a":{"b":"eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg","expires":3600},"items":[""");
        string[] skus = ["p-100", "p-101", "p-102", "p-103", "p-104", "p-105", "x", "p-107", "p-108"];
        for (var i = 0; i < skus.Length; i++)
        {
            json.Append(i == 0 ? "" : ",")
                .Append(System.Globalization.CultureInfo.InvariantCulture,
                    $$"""{"id":{{1000 + i}},"sku":"{{skus[i]}}","name":"Product n\u00b0{{i}}","price":{{i * 7 + 0.99}},"stock":{{i * 3}},"tags":["sale","new"]}""");
        }

        json.Append("""],"page":{"number":1,"size":9,"total":9},"id":"req-7f3a"}""");
        _body = Encoding.UTF8.GetBytes(json.ToString());
        if (_body.Length is < 900 or > 1200)
        {
            throw new InvalidOperationException($"the body should be about 1 KB, it is {_body.Length} bytes");
        }

        if (!_member.TryFind(_body, out _token) || !_filter.TryFind(_body, out _price) || !_index.TryFind(_body, out _)
            || _descendant.Count(_body) != skus.Length + 1)
        {
            throw new InvalidOperationException("a benchmark path does not match the body");
        }
    }

    [Benchmark(Baseline = true)]
    public bool TryFind_Member() => _member.TryFind(_body, out _);

    [Benchmark]
    public bool TryFind_Index() => _index.TryFind(_body, out _);

    [Benchmark]
    public bool TryFind_Descendant() => _descendant.TryFind(_body, out _);

    [Benchmark]
    public int Count_Descendant() => _descendant.Count(_body);

    [Benchmark]
    public bool TryFind_Filter() => _filter.TryFind(_body, out _);

    [Benchmark]
    public bool ValueEquals_String() => _token.ValueEquals(_body, "eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg");

    [Benchmark]
    public bool ValueEquals_Number() => _price.ValueEquals(_body, "42.99");

    [Benchmark]
    public double TryGetDouble() => _price.TryGetDouble(_body, out var value) ? value : -1;

    /// <summary>For contrast: the one call that allocates, its string.</summary>
    [Benchmark]
    public string GetString() => _token.GetString(_body);
}

using System.Text;
using Stampede.Scenarios.Json;

namespace Stampede.Tests.Scenarios.Json;

/// <summary>Runs a path over a body and returns every match as its raw JSON text, in order.</summary>
internal static class JsonPathTestBodies
{
    public static string[] All(string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var compiled = JsonPath.Parse(path);
        var matches = new JsonMatch[64];
        var count = compiled.FindAll(body, matches);
        Assert.True(count <= matches.Length, "the helper holds 64 matches");
        Assert.Equal(count, compiled.Count(body));
        return [.. matches.Take(count).Select(m => Encoding.UTF8.GetString(m.GetRawText(body)))];
    }

    public static JsonMatch First(string path, string json, out byte[] body)
    {
        body = Encoding.UTF8.GetBytes(json);
        Assert.True(JsonPath.Parse(path).TryFind(body, out var match), $"{path} found nothing");
        return match;
    }
}

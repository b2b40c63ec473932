using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Stampede.Cli.Tests.Dashboard;

/// <summary>Talks to a dashboard as its page does: polls /api/live and sends JSON commands.</summary>
internal sealed class DashboardClient(Uri url) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http => _http;

    public async Task<JsonElement> LiveAsync(int from = 0)
    {
        var text = await _http.GetStringAsync($"/api/live?from={from}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the live data until <paramref name="condition"/> holds; fails with the last document after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitAsync(Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        JsonElement live = default;
        while (!deadline.IsCancellationRequested)
        {
            live = await LiveAsync();
            if (condition(live))
            {
                return live;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        Assert.Fail($"waited {timeout.TotalSeconds:0} s for {what}; last live data: {live}");
        return live;
    }

    public async Task<(int Status, string Body)> PostAsync(string path, object? body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body ?? new { }), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(int Status, string Body)> PostRawAsync(string path, string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await _http.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}

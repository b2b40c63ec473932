using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests.Endpoints;

public class CryptoEndpointsTests(DemoTargetFixture target) : IClassFixture<DemoTargetFixture>
{
    private readonly HttpClient _client = target.Client;

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("ünïcødé 🦬 \"quoted\" \\ slash")]
    public async Task Decrypt_CiphertextFromEncrypt_ReturnsOriginalPlaintext(string plaintext)
    {
        var ciphertext = await EncryptAsync(_client, plaintext);

        using var response = await _client.PostAsJsonAsync("/api/decrypt", new { ciphertext });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(plaintext, await ReadPropertyAsync(response, "plaintext"));
    }

    [Fact]
    public async Task Decrypt_LargeMessage_RoundTrips()
    {
        var plaintext = string.Concat(Enumerable.Repeat("0123456789abcdef", 4096));

        var ciphertext = await EncryptAsync(_client, plaintext);
        using var response = await _client.PostAsJsonAsync("/api/decrypt", new { ciphertext });

        Assert.Equal(plaintext, await ReadPropertyAsync(response, "plaintext"));
    }

    [Fact]
    public async Task Encrypt_SamePlaintextTwice_GivesDifferentCiphertexts()
    {
        var first = await EncryptAsync(_client, "same");
        var second = await EncryptAsync(_client, "same");

        Assert.NotEqual(first, second);
        // nonce (12) + 4 bytes of ciphertext + tag (16)
        Assert.Equal(12 + 4 + 16, Convert.FromBase64String(first).Length);
    }

    [Theory]
    [InlineData(0)]      // nonce
    [InlineData(14)]     // ciphertext
    [InlineData(31)]     // tag
    public async Task Decrypt_TamperedByte_Returns400AuthenticationFailed(int index)
    {
        var bytes = Convert.FromBase64String(await EncryptAsync(_client, "attack at dawn"));
        bytes[index] ^= 0x01;

        using var response = await _client.PostAsJsonAsync("/api/decrypt", new { ciphertext = Convert.ToBase64String(bytes) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("authentication failed", await ReadPropertyAsync(response, "error"));
    }

    [Fact]
    public async Task Decrypt_CiphertextFromAnotherServer_Returns400AuthenticationFailed()
    {
        await using var other = await TestHttp.StartLoopbackAsync();
        using var otherClient = TestHttp.CreateClient(other.BaseUrl);
        var foreign = await EncryptAsync(otherClient, "other key");

        using var response = await _client.PostAsJsonAsync("/api/decrypt", new { ciphertext = foreign });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("authentication failed", await ReadPropertyAsync(response, "error"));
    }

    [Theory]
    [InlineData("/api/encrypt", "not json")]
    [InlineData("/api/encrypt", "")]
    [InlineData("/api/encrypt", "{}")]
    [InlineData("/api/encrypt", "{\"plaintext\":42}")]
    [InlineData("/api/encrypt", "null")]
    [InlineData("/api/decrypt", "{\"ciphertext\":null}")]
    [InlineData("/api/decrypt", "{\"ciphertext\":\"not base64!\"}")]
    [InlineData("/api/decrypt", "{\"ciphertext\":\"AAAA\"}")]
    public async Task Post_BadInput_Returns400WithJsonError(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(await ReadPropertyAsync(response, "error")));
    }

    private static async Task<string> EncryptAsync(HttpClient client, string plaintext)
    {
        using var response = await client.PostAsJsonAsync("/api/encrypt", new { plaintext });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadPropertyAsync(response, "ciphertext"))!;
    }

    private static async Task<string?> ReadPropertyAsync(HttpResponseMessage response, string name)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty(name).GetString();
    }
}

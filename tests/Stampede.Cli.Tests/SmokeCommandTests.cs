namespace Stampede.Cli.Tests;

[Collection(EndToEnd.Name)]
public sealed class SmokeCommandTests(DemoTargetFixture target) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-smoke-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Scenario(string flow)
    {
        var path = Path.Combine(_folder, "smoke.yaml");
        File.WriteAllText(path, $$"""
            options:
              baseUrl: {{target.BaseUrl.ToString().TrimEnd('/')}}
            scenarios:
              hsm:
                executor: constant-vus
                vus: 10
                duration: 1m
                flow:
            {{flow}}
            """);
        return path;
    }

    [Fact]
    public async Task Smoke_EncryptDecryptRoundTrip_PrintsEveryStepAndExitsZero()
    {
        var file = Scenario("""
                  - set: { plaintext: "{{ randomString(24) }}" }
                  - request:
                      name: encrypt
                      method: POST
                      url: /api/encrypt
                      headers: { Authorization: "Bearer hunter2" }
                      json: { plaintext: "{{ plaintext }}" }
                      check: [ { status: 200 } ]
                      extract: { ciphertext: $.ciphertext }
                  - request:
                      name: decrypt
                      method: POST
                      url: /api/decrypt
                      json: { ciphertext: "{{ ciphertext }}" }
                      check: [ { jsonpath: $.plaintext, equals: "{{ plaintext }}", name: round trip } ]
            """);

        var (code, output, error) = await CliHarness.RunAsync("smoke", file);

        Assert.True(code == 0, output + error);
        Assert.Contains("encrypt  POST", output, StringComparison.Ordinal);
        Assert.Contains("✓ round trip", output, StringComparison.Ordinal);
        Assert.Contains("= ciphertext = ", output, StringComparison.Ordinal);
        Assert.Contains("> Authorization: ***", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.Contains("smoke passed: 2 requests (0 failed), 2 checks (0 failed)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smoke_FailingCheck_SaysWhatWasFoundAndExitsThree()
    {
        var file = Scenario("""
                  - request: { url: /health, check: [ { status: 201 } ] }
            """);

        var (code, output, _) = await CliHarness.RunAsync("smoke", file);

        Assert.Equal(3, code);
        Assert.Contains("✗ status is 201: status 200", output, StringComparison.Ordinal);
        Assert.Contains("smoke failed: 1 request (0 failed), 1 check (1 failed)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smoke_Url_SendsOneGetAndJudgesItsStatus()
    {
        var (ok, _, _) = await CliHarness.RunAsync("smoke", new Uri(target.BaseUrl, "/health").ToString());
        var (missing, output, _) = await CliHarness.RunAsync("smoke", new Uri(target.BaseUrl, "/no-such-page").ToString());

        Assert.Equal(0, ok);
        Assert.Equal(3, missing);
        Assert.Contains("404", output, StringComparison.Ordinal);
    }
}

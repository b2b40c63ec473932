using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;
using Stampede.Scenarios;
using Stampede.Tests.Http;

namespace Stampede.Tests.Scenarios.Flow;

/// <summary>Scenario flows run for real against a loopback Kestrel server: one VU, a few iterations.</summary>
public sealed class FlowRunTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<RunResult> RunAsync(string flow, int iterations = 1, string options = "", string data = "", string? directory = null)
    {
        var yaml = $$"""
            options:
              baseUrl: {{_server.Url("")}}
            {{options}}
            {{data}}
            scenarios:
              s:
                executor: per-vu-iterations
                vus: 1
                iterations: {{iterations}}
                flow:
            {{flow}}
            """;
        var plan = ScenarioLoader.Parse(yaml, "flow.yaml", new ScenarioLoadOptions
        {
            BaseDirectory = directory ?? Path.GetTempPath(),
            Environment = new Dictionary<string, string> { ["SECRET"] = "s3\"cr\\et" },
        });
        return await new Runner(plan).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static CheckResult Check(RunResult result, string name) => Assert.Single(result.Checks, c => c.Name == name);

    [Fact]
    public async Task Run_ExtractThenTemplate_SendsTheExtractedValueAndCountsChecks()
    {
        var result = await RunAsync("""
                  - request:
                      url: /json
                      extract: { token: $.token, second: "$.items[1].sku" }
                      check: [ { status: 200 }, { jsonpath: $.count, gte: 2 }, { jsonpath: $.token, equals: abc } ]
                  - request:
                      name: echo
                      url: "/header/X-Token"
                      headers: { X-Token: "{{ token }}-{{ second }}" }
                      check: [ { bodyContains: "abc-y", name: token sent } ]
            """, iterations: 2);

        Assert.Equal(4, result.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.Equal(2, Check(result, "token sent").Passes);
        Assert.Equal(0, Check(result, "token sent").Fails);
        Assert.Equal(2, Check(result, "$.count >= 2").Passes);
        Assert.Equal(2, Check(result, "$.token equals 'abc'").Passes);
        Assert.Equal(2, Check(result, "status is 200").Passes);
        Assert.Equal(1.0, result.Total(BuiltinMetrics.Checks)!.Rate);
    }

    [Fact]
    public async Task Run_FailingCheck_IsCountedNotFatalAndTheFlowGoesOn()
    {
        var result = await RunAsync("""
                  - request: { url: /hello, check: [ { status: 201 } ] }
                  - request: { url: /hello, check: [ { bodyContains: hello } ] }
            """, iterations: 3);

        Assert.Equal(6, result.Total(BuiltinMetrics.HttpReqs)!.Count);
        Assert.Equal(3, Check(result, "status is 201").Fails);
        Assert.Equal(3, Check(result, "body contains 'hello'").Passes);
        Assert.Equal(3, result.Errors.Counts[ErrorKind.CheckFailed]);
        Assert.Contains(result.Errors.Messages, m => m.Message == "check 'status is 201' failed: status 200");
        Assert.Equal(0.5, result.Total(BuiltinMetrics.Checks)!.Rate);
    }

    [Theory]
    [InlineData(true, 1, 0)]
    [InlineData(false, 0, 1)]
    public async Task Run_CookieJar_SendsBackWhatTheServerSetOnlyWhenOn(bool cookies, long passes, long fails)
    {
        var result = await RunAsync("""
                  - request: { url: /cookies/set/sid/42 }
                  - request: { url: /cookies, check: [ { bodyContains: "sid=42", name: cookie sent } ] }
            """, options: $"  cookies: {(cookies ? "true" : "false")}");

        Assert.Equal(passes, Check(result, "cookie sent").Passes);
        Assert.Equal(fails, Check(result, "cookie sent").Fails);
    }

    [Fact]
    public async Task Run_ControlSteps_RepeatForeachIfAndSetDoWhatTheySay()
    {
        var result = await RunAsync("""
                  - set: { mode: fast }
                  - repeat:
                      times: 3
                      as: i
                      steps:
                        - request: { name: repeat, url: /query, query: { i: "{{ i }}" }, check: [ { regex: "i=[0-2]$" } ] }
                  - foreach:
                      in: [ "a b", "c&d" ]
                      as: item
                      steps:
                        - request: { name: each, url: /query, query: { q: "{{ item }}" }, check: [ { regex: "q=(a%20b|c%26d)$" } ] }
                  - if:
                      when: "{{ mode }} == slow"
                      then: [ { request: { name: never, url: /hello } } ]
                      else: [ { request: { name: otherwise, url: /hello } } ]
            """);

        Assert.Equal(3, result.Total(BuiltinMetrics.HttpReqs, TagSet.Of(("name", "repeat")))!.Count);
        Assert.Equal(2, result.Total(BuiltinMetrics.HttpReqs, TagSet.Of(("name", "each")))!.Count);
        Assert.Null(result.Total(BuiltinMetrics.HttpReqs, TagSet.Of(("name", "never"))));
        Assert.Equal(1, result.Total(BuiltinMetrics.HttpReqs, TagSet.Of(("name", "otherwise")))!.Count);
        Assert.All(result.Checks, c => Assert.Equal(0, c.Fails));
    }

    [Fact]
    public async Task Run_JsonBodyWithTemplates_EscapesValuesAndKeepsJsonValid()
    {
        var result = await RunAsync("""
                  - request:
                      method: POST
                      url: /body
                      json: { secret: "{{ env.SECRET }}", n: 5, tag: "{{ 'x' + vu }}" }
                      check:
                        - { bodyContains: "application/json|" }
                        - { bodyContains: '"secret":"s3\"cr\\et"', name: escaped }
                        - { bodyContains: '"tag":"x1"', name: concatenated }
            """);

        Assert.All(result.Checks, c => Assert.True(c.Fails == 0, $"{c.Name} failed"));
        Assert.Equal(3, result.Checks.Count);
    }

    [Fact]
    public async Task Run_GroupAndStandaloneCheck_TagRequestsAndChecksWithTheGroup()
    {
        var result = await RunAsync("""
                  - group:
                      name: login
                      steps:
                        - request: { name: get-json, url: /json }
                        - check: [ { jsonpath: "$.items[?(@.sku == 'y')].id", equals: 2, name: found y } ]
                        - extract: { sku: "$.items[0].sku" }
                  - request: { name: after, url: "/header/X-Sku", headers: { X-Sku: "{{ sku }}" }, check: [ { bodyContains: x, name: sku x } ] }
            """);

        Assert.Equal(1, result.Total(BuiltinMetrics.HttpReqs, TagSet.Of(("group", "::login")))!.Count);
        var found = Check(result, "found y");
        Assert.Equal("::login", found.Group);
        Assert.Equal(1, found.Passes);
        Assert.Equal(1, Check(result, "sku x").Passes);
    }

    [Fact]
    public async Task Run_SequentialDataRunsOut_VuStopsAndSaysWhy()
    {
        var directory = Directory.CreateTempSubdirectory("stampede-data-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "users.csv"), "name\nann\nbob\ncy\n");
            var result = await RunAsync("""
                      - request: { name: user, url: "/header/X-User", headers: { X-User: "{{ users.name }}" }, check: [ { regex: "^(ann|bob|cy)$" } ] }
                """, iterations: 5, data: "data: { users: { file: users.csv, strategy: sequential } }", directory: directory.FullName);

            Assert.Equal(3, result.Total(BuiltinMetrics.HttpReqs)!.Count);
            Assert.Equal(3, Assert.Single(result.Checks).Passes);
            Assert.Contains(result.Errors.Messages, m => m.Message.Contains("data 'users' ran out after 3 rows", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

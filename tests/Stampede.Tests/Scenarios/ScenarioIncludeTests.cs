using Stampede.Engine;
using Stampede.Http;
using Stampede.Scenarios;
using Stampede.Scenarios.Flow;

namespace Stampede.Tests.Scenarios;

public class ScenarioIncludeTests
{
    private const string Scenario = """
        scenarios:
          s:
            executor: constant-vus
            duration: 10s
            requests: [{ url: /health }]
        """;

    private static HttpRequestDefinition Request(TestPlan plan, int index = 0) =>
        Assert.IsType<HttpFlow>(Assert.Single(plan.Scenarios).Body).Requests[index];

    private static IReadOnlyList<ScenarioError> LoadErrors(string path)
    {
        var ex = Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.Load(path));
        Assert.NotEmpty(ex.Errors);
        return ex.Errors;
    }

    [Fact]
    public void Load_SeveralIncludes_MappingsMergeKeyByKeyLaterIncludeAndIncludingFileWin()
    {
        using var dir = new TempFolder();
        dir.Write("base.yaml", """
            options:
              baseUrl: http://base.test
              timeout: 10s
              headers: { X-A: base, X-B: base, X-C: base }
              tags: { team: base, env: base }
            """);
        dir.Write("auth.yaml", """
            options:
              timeout: 15s
              headers: { X-B: auth, X-C: auth }
            """);
        var main = dir.Write("main.yaml", $$"""
            include: [base.yaml, auth.yaml]
            options:
              headers: { X-C: main }
              tags: { env: main }
            {{Scenario}}
            """);

        var plan = ScenarioLoader.Load(main);

        var request = Request(plan);
        Assert.Equal(new Uri("http://base.test/health"), request.Url);
        Assert.Equal(TimeSpan.FromSeconds(15), plan.Http.Timeout);
        Assert.Equal([new("X-A", "base"), new("X-B", "auth"), new("X-C", "main")], request.Headers.OrderBy(h => h.Key, StringComparer.Ordinal));
        Assert.Equal("base", plan.Tags["team"]);
        Assert.Equal("main", plan.Tags["env"]);
    }

    [Fact]
    public void Load_ListsInIncludingFile_ReplaceIncludedListsNotConcatenate()
    {
        using var dir = new TempFolder();
        dir.Write("base.yaml", """
            options:
              thresholds:
                http_req_duration: ["p(95)<500", "p(99)<1000"]
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                requests: [{ url: http://h.test/a }, { url: http://h.test/b }]
            """);
        var main = dir.Write("main.yaml", """
            include: base.yaml
            options:
              thresholds:
                http_req_duration: ["p(90)<300"]
            scenarios:
              s:
                requests: [{ url: http://h.test/c }]
            """);

        var plan = ScenarioLoader.Load(main);

        var scenario = Assert.Single(plan.Scenarios);
        Assert.Equal(TimeSpan.FromSeconds(10), Assert.IsType<ConstantVusConfig>(scenario.Executor).Duration);
        Assert.Equal(new Uri("http://h.test/c"), Assert.Single(Assert.IsType<HttpFlow>(scenario.Body).Requests).Url);
        Assert.Equal("p(90)<300", Assert.Single(plan.Thresholds).Expression);
    }

    [Fact]
    public void Load_NullInIncludingFile_RemovesIncludedValue()
    {
        using var dir = new TempFolder();
        dir.Write("base.yaml", "options:\n  tags: { env: staging }\n  timeout: 5s\n");
        var main = dir.Write("main.yaml", $"include: base.yaml\noptions:\n  tags:\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}");

        var plan = ScenarioLoader.Load(main);

        Assert.Equal(TimeSpan.FromSeconds(5), plan.Http.Timeout);
        Assert.Null(plan.Tags["env"]);
    }

    [Fact]
    public void Load_OtherExecutorOverIncludedScenario_NullDropsTheFieldItDoesNotHave()
    {
        using var dir = new TempFolder();
        dir.Write("base.yaml", """
            scenarios:
              s:
                executor: constant-vus
                vus: 5
                duration: 10s
                requests: [{ url: http://h.test/ }]
            """);
        var main = dir.Write("main.yaml", """
            include: base.yaml
            scenarios:
              s:
                executor: ramping-vus
                vus: ~
                duration:
                stages: [{ duration: 5s, target: 3 }]
            """);

        var plan = ScenarioLoader.Load(main);

        var executor = Assert.IsType<RampingVusConfig>(Assert.Single(plan.Scenarios).Executor);
        Assert.Equal(3, Assert.Single(executor.Stages).Target);
    }

    [Fact]
    public void Load_OtherExecutorOverIncludedScenario_LeftoverFieldReportedInFragment()
    {
        using var dir = new TempFolder();
        var shared = dir.Write("base.yaml", "scenarios:\n  s:\n    executor: constant-vus\n    duration: 10s\n    requests: [{ url: http://h.test/ }]\n");
        var main = dir.Write("main.yaml", "include: base.yaml\nscenarios:\n  s:\n    executor: ramping-vus\n    stages: [{ duration: 5s, target: 3 }]\n");

        var error = Assert.Single(LoadErrors(main));

        Assert.Equal((shared, 4, 5), (error.File, error.Line, error.Column));
        Assert.Contains("`duration` is not a field of ramping-vus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NestedIncludes_ResolveRelativeToEachIncludingFile()
    {
        using var dir = new TempFolder();
        dir.Write("shared/connection.yaml", """
            include: auth/token.yaml
            options:
              baseUrl: http://shared.test/api
              headers: { X-Token: from-connection }
            """);
        dir.Write("shared/auth/token.yaml", """
            options:
              headers: { X-Token: from-token, X-Client: stampede }
              http2: true
            """);
        var main = dir.Write("teams/checkout/load.yaml", $"""
            include: ../../shared/connection.yaml
            {Scenario}
            """);

        var plan = ScenarioLoader.Load(main);

        var request = Request(plan);
        Assert.Equal(new Uri("http://shared.test/api/health"), request.Url);
        Assert.Contains(new KeyValuePair<string, string>("X-Token", "from-connection"), request.Headers);
        Assert.Contains(new KeyValuePair<string, string>("X-Client", "stampede"), request.Headers);
        Assert.Equal(HttpVersionMode.Http2, plan.Http.Version);
    }

    [Fact]
    public void Load_IncludedOptions_PlanHasBaseUrlHeadersAndTlsFilesFromFragmentFolder()
    {
        using var dir = new TempFolder();
        var ca = dir.Write("shared/pki/ca.crt", "ca");
        var cert = dir.Write("shared/pki/client.crt", "cert");
        var key = dir.Write("shared/pki/client.key", "key");
        dir.Write("shared/mtls.yaml", """
            options:
              baseUrl: https://secure.test:8443
              headers: { Accept: application/json, Authorization: Bearer shared }
              timeout: 3s
              tls:
                ca: pki/ca.crt
                cert: pki/client.crt
                key: pki/client.key
            """);
        var main = dir.Write("load/main.yaml", $"""
            include: ../shared/mtls.yaml
            {Scenario}
            """);

        var plan = ScenarioLoader.Load(main);

        var request = Request(plan);
        Assert.Equal(new Uri("https://secure.test:8443/health"), request.Url);
        Assert.Contains(new KeyValuePair<string, string>("Accept", "application/json"), request.Headers);
        Assert.Contains(new KeyValuePair<string, string>("Authorization", "Bearer shared"), request.Headers);
        Assert.Equal(TimeSpan.FromSeconds(3), plan.Http.Timeout);
        Assert.Equal((ca, cert, key), (plan.Http.Tls.CaCertificatePath, plan.Http.Tls.ClientCertificatePath, plan.Http.Tls.ClientKeyPath));
        Assert.False(plan.Http.Tls.Insecure);
    }

    [Fact]
    public void Load_DataAndBodyFilesInFragment_ResolveAgainstTheFragmentsFolder()
    {
        using var dir = new TempFolder();
        dir.Write("shared/users.csv", "name\nada\n");
        dir.Write("shared/tokens.json", """[{ "token": "t1" }]""");
        dir.Write("shared/payload.bin", "from the fragment's folder");
        dir.Write("shared/nested.bin", "nested");
        dir.Write("shared/checkout.yaml", """
            data:
              users: users.csv
              tokens: { file: tokens.json, strategy: sequential }
            scenarios:
              upload:
                executor: constant-vus
                duration: 10s
                flow:
                  - request: { name: upload, method: POST, url: /upload, file: payload.bin }
                  - request: { name: meta, method: POST, url: /meta, json: { file: payload.bin } }
              flow:
                executor: constant-vus
                duration: 10s
                flow:
                  - group:
                      name: g
                      steps:
                        - if:
                            when: "{{ users.name }} == ada"
                            then:
                              - request: { method: POST, url: "/n/{{ tokens.token }}", file: nested.bin }
            """);
        var main = dir.Write("teams/load.yaml", "include: ../shared/checkout.yaml\noptions: { baseUrl: http://h.test }\n");

        var plan = ScenarioLoader.Load(main);

        var requests = Assert.IsType<FlowProgram>(plan.Scenarios[0].Body).Steps.Cast<RequestStep>().Select(r => r.Request.Static!).ToList();
        Assert.Equal("from the fragment's folder", System.Text.Encoding.UTF8.GetString(requests[0].Body.Span));
        // A JSON body's own `file` field is data, not a path.
        Assert.Equal("""{"file":"payload.bin"}""", System.Text.Encoding.UTF8.GetString(requests[1].Body.Span));
        Assert.Equal(2, plan.Scenarios.Count);
    }

    [Fact]
    public void Load_TlsPathInIncludingFile_StaysRelativeToThatFile()
    {
        using var dir = new TempFolder();
        var ca = dir.Write("load/ca.crt", "ca");
        dir.Write("shared/tls.yaml", "options:\n  tls: { ca: pki/missing.crt }\n");
        var main = dir.Write("load/main.yaml", $"include: ../shared/tls.yaml\noptions:\n  tls: {{ ca: ca.crt }}\n{Scenario.Replace("/health", "https://h.test/", StringComparison.Ordinal)}");

        var plan = ScenarioLoader.Load(main);

        Assert.Equal(ca, plan.Http.Tls.CaCertificatePath);
    }

    [Fact]
    public void Load_IncludeCycle_ReportedAtClosingEntryWithTheChain()
    {
        using var dir = new TempFolder();
        var a = dir.Write("a.yaml", $"include: b.yaml\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}");
        var b = dir.Write("b.yaml", "options:\n  timeout: 5s\ninclude:\n  - a.yaml\n");

        var error = Assert.Single(LoadErrors(a));

        Assert.Equal((b, 4, 5), (error.File, error.Line, error.Column));
        Assert.Equal($"include: the includes form a cycle: {a} → {b} → {a}", error.Message);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void Load_FileIncludesItself_IsACycle()
    {
        using var dir = new TempFolder();
        var a = dir.Write("a.yaml", "include: ./a.yaml\n");

        var errors = LoadErrors(a);

        var error = Assert.Single(errors, e => e.Message.Contains("cycle", StringComparison.Ordinal));
        Assert.Equal((a, 1, 10), (error.File, error.Line, error.Column));
        Assert.EndsWith($"{a} → {a}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameFragmentTwiceWithoutCycle_IsNotACycleAndItsErrorsAreReportedOnce()
    {
        using var dir = new TempFolder();
        var common = dir.Write("common.yaml", "options:\n  timeout: soon\n");
        dir.Write("x.yaml", "include: common.yaml\n");
        dir.Write("y.yaml", "include: common.yaml\n");
        var main = dir.Write("main.yaml", $"include: [x.yaml, y.yaml]\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}");

        var error = Assert.Single(LoadErrors(main));

        Assert.Equal((common, 2, 12), (error.File, error.Line, error.Column));
        Assert.StartsWith("options.timeout: expected a duration, got 'soon'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingInclude_PointsAtEntryWithPathTried()
    {
        using var dir = new TempFolder();
        dir.Write("base.yaml", "options:\n  timeout: 5s\n");
        var main = dir.Write("main.yaml", $"include:\n  - base.yaml\n  - shared/nope.yaml\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}");

        var error = Assert.Single(LoadErrors(main));

        Assert.Equal((main, 3, 5), (error.File, error.Line, error.Column));
        Assert.Equal($"include: cannot read 'shared/nope.yaml': the file does not exist (looked for {dir.Full("shared/nope.yaml")})", error.Message);
        Assert.Contains(dir.Path, error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IncludeNamesAFolder_SaysSo()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.Full("shared"));
        var main = dir.Write("main.yaml", $"include: shared\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}");

        var error = Assert.Single(LoadErrors(main));

        Assert.Equal((main, 1, 10), (error.File, error.Line, error.Column));
        Assert.Contains("is a folder, not a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ErrorsInFragments_NameTheFragmentAndItsPositionAllInOneRun()
    {
        using var dir = new TempFolder();
        var options = dir.Write("shared/options.yaml", """
            options:
              baseUrl: http://h.test
              timeout: soon
              insecur: true
            """);
        var broken = dir.Write("shared/broken.yaml", "options:\n  tags: { a: 1\n");
        var main = dir.Write("main.yaml", """
            include: [shared/options.yaml, shared/broken.yaml]
            scenarios:
              s:
                executor: constant-vus
                vus: ten
                duration: 10s
                requests: [{ url: /health }]
            """);

        var errors = LoadErrors(main);

        Assert.Equal(4, errors.Count);
        Assert.Equal((main, 5, 10), (errors[0].File, errors[0].Line, errors[0].Column));
        Assert.Equal((options, 3, 12), (errors[1].File, errors[1].Line, errors[1].Column));
        Assert.StartsWith("options.timeout: expected a duration, got 'soon'", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal((options, 4, 3), (errors[2].File, errors[2].Line, errors[2].Column));
        Assert.Equal("unknown key `insecur` in options", errors[2].Message);
        Assert.Equal(broken, errors[3].File);
        Assert.StartsWith("malformed YAML: ", errors[3].Message, StringComparison.Ordinal);
        Assert.StartsWith($"{options}:3:12: ", errors[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ScenarioFromFragment_ErrorPointsIntoFragment()
    {
        using var dir = new TempFolder();
        var shared = dir.Write("scenarios.yaml", """
            scenarios:
              login:
                executor: constant-vus
                duration: 10s
                requests:
                  - url: /login
                    method: GE T
            """);
        var main = dir.Write("main.yaml", "include: scenarios.yaml\noptions:\n  baseUrl: http://h.test\n");

        var error = Assert.Single(LoadErrors(main));

        Assert.Equal((shared, 7, 17), (error.File, error.Line, error.Column));
        Assert.Contains("'GE T' is not an HTTP method", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- a\n- b\n", "got a list")]
    [InlineData("just text\n", "got 'just text'")]
    public void Load_FragmentNotAMapping_ReportedInFragment(string fragment, string found)
    {
        using var dir = new TempFolder();
        var path = dir.Write("frag.yaml", fragment);
        var main = dir.Write("main.yaml", $"include: frag.yaml\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}");

        var error = Assert.Single(LoadErrors(main));

        Assert.Equal((path, 1, 1), (error.File, error.Line, error.Column));
        Assert.Equal($"the included file must be a mapping of top-level keys (options, scenarios, include), {found}", error.Message);
        Assert.Contains($"{main}:1:10", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFragment_AddsNothing()
    {
        using var dir = new TempFolder();
        dir.Write("empty.yaml", "# filled in per environment\n");
        var main = dir.Write("main.yaml", $"include: empty.yaml\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}");

        var plan = ScenarioLoader.Load(main);

        Assert.Equal(new Uri("http://h.test/"), Request(plan).Url);
    }

    [Theory]
    [InlineData("include: { a: b.yaml }", 1, 10, "include: expected a file path or a list of paths, got a mapping")]
    [InlineData("include: [ok.yaml, [x]]", 1, 20, "include[1]: expected a file path, got a list")]
    [InlineData("include: [ok.yaml, ~]", 1, 20, "include[1]: expected a file path, got nothing")]
    [InlineData("include: ''", 1, 10, "include: '' is not a file path")]
    public void Parse_MisshapenInclude_IsReported(string include, int line, int column, string message)
    {
        using var dir = new TempFolder();
        dir.Write("ok.yaml", "options: {}\n");

        var errors = ScenarioTestHelpers.Errors($"{include}\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}", dir.Path);

        var error = Assert.Single(errors);
        Assert.Equal(("test.yaml", line, column, message), (error.File, error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Parse_IncludeTypo_SuggestsInclude()
    {
        var error = Assert.Single(ScenarioTestHelpers.Errors($"includes: base.yaml\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}"));

        Assert.Equal("unknown key `includes` at the top level", error.Message);
        Assert.Equal("did you mean `include`?", error.Hint);
    }

    [Fact]
    public void Parse_InMemoryText_IncludesRelativeToBaseDirectory()
    {
        using var dir = new TempFolder();
        dir.Write("base.yaml", "options:\n  baseUrl: http://base.test\n");

        var plan = ScenarioTestHelpers.Parse($"include: base.yaml\n{Scenario}", dir.Path);

        Assert.Equal(new Uri("http://base.test/health"), Request(plan).Url);
    }

    [Fact]
    public void Load_RelativeScenarioPath_NamesFragmentsRelativeToo()
    {
        using var dir = new TempFolder();
        dir.Write("shared/bad.yaml", "options:\n  timeout: soon\n");
        var main = dir.Write("main.yaml", $"include: shared/bad.yaml\n{Scenario.Replace("/health", "http://h.test/", StringComparison.Ordinal)}");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), main);

        var error = Assert.Single(LoadErrors(relative));

        Assert.Equal(Path.GetRelativePath(Directory.GetCurrentDirectory(), dir.Full("shared/bad.yaml")), error.File);
        Assert.False(Path.IsPathRooted(error.File));
    }
}

using System.Text;
using System.Text.Json;
using Stampede.Http;
using Stampede.Metrics;
using static Stampede.Tests.Scenarios.ScenarioTestHelpers;

namespace Stampede.Tests.Scenarios;

public class ScenarioLoaderRequestTests
{
    private static IReadOnlyList<HttpRequestDefinition> Requests(string options, string requests)
    {
        var plan = Parse($"""
            options:
            {options}
            scenarios:
              s:
                executor: constant-vus
                duration: 10s
                requests:
            {requests}
            """);
        return Assert.IsType<HttpFlow>(Assert.Single(plan.Scenarios).Body).Requests;
    }

    [Fact]
    public void Parse_RequestDefaults_GetWithUrlAsNameAndAnyStatusBelow400()
    {
        var request = Assert.Single(Requests("  baseUrl: http://127.0.0.1:5080", "      - url: /health"));

        Assert.Same(HttpMethod.Get, request.Method);
        Assert.Equal("/health", request.Name);
        Assert.Equal(new Uri("http://127.0.0.1:5080/health"), request.Url);
        Assert.True(request.Body.IsEmpty);
        Assert.Null(request.Timeout);
        Assert.Null(request.ExpectedStatuses);
        Assert.Empty(request.Headers);
    }

    [Fact]
    public void Parse_BaseUrlWithPath_AppendsRelativeUrlsAndKeepsAbsoluteOnes()
    {
        var requests = Requests("  baseUrl: http://api.test:8080/v1/", """
                  - url: /items/42?x=1
                  - url: items
                  - url: https://other.test/ping
            """);

        Assert.Equal(new Uri("http://api.test:8080/v1/items/42?x=1"), requests[0].Url);
        Assert.Equal(new Uri("http://api.test:8080/v1/items"), requests[1].Url);
        Assert.Equal(new Uri("https://other.test/ping"), requests[2].Url);
    }

    [Fact]
    public void Parse_Methods_AreUpperCasedAndStandardOnesCached()
    {
        var requests = Requests("  baseUrl: http://h.test", """
                  - { url: /a, method: post }
                  - { url: /b, method: DELETE }
                  - { url: /c, method: PURGE }
            """);

        Assert.Same(HttpMethod.Post, requests[0].Method);
        Assert.Same(HttpMethod.Delete, requests[1].Method);
        Assert.Equal("PURGE", requests[2].Method.Method);
    }

    [Fact]
    public void Parse_Headers_MergedWithDefaultsAndRequestHeadersWin()
    {
        var request = Assert.Single(Requests("""
              baseUrl: http://h.test
              headers: { Accept: application/json, X-Env: staging }
            """, """
                  - url: /a
                    headers: { accept: text/plain, X-Trace: 1 }
            """));

        Assert.Equal(
            [new("X-Env", "staging"), new("accept", "text/plain"), new("X-Trace", "1")],
            request.Headers);
    }

    [Fact]
    public void Parse_JsonBody_SerializedWithContentType()
    {
        var request = Assert.Single(Requests("  baseUrl: http://h.test", """
                  - name: encrypt
                    method: POST
                    url: /api/encrypt
                    json: { plaintext: hello, n: 42, quoted: "42", ok: true, none: null, list: [1.5, b] }
            """));

        Assert.Equal("encrypt", request.Name);
        Assert.Equal("""{"plaintext":"hello","n":42,"quoted":"42","ok":true,"none":null,"list":[1.5,"b"]}""",
            Encoding.UTF8.GetString(request.Body.Span));
        using var _ = JsonDocument.Parse(request.Body);
        Assert.Contains(new KeyValuePair<string, string>("Content-Type", "application/json"), request.Headers);
    }

    [Fact]
    public void Parse_JsonBodyWithOwnContentType_KeepsIt()
    {
        var request = Assert.Single(Requests("  headers: { content-type: application/vnd.api+json }", """
                  - url: http://h.test/a
                    json: [1, 2]
            """));

        Assert.Equal([new("content-type", "application/vnd.api+json")], request.Headers);
        Assert.Equal("[1,2]", Encoding.UTF8.GetString(request.Body.Span));
    }

    [Fact]
    public void Parse_TextBodyTimeoutAndExpect_AreMapped()
    {
        var requests = Requests("  baseUrl: http://h.test", """
                  - url: /a
                    method: PUT
                    body: '{"plaintext":"hello"}'
                    timeout: 5s
                    expect: [200, 201]
                  - url: /b
                    expect: 404
            """);

        Assert.Equal("""{"plaintext":"hello"}""", Encoding.UTF8.GetString(requests[0].Body.Span));
        Assert.Empty(requests[0].Headers);
        Assert.Equal(TimeSpan.FromSeconds(5), requests[0].Timeout);
        Assert.Equal([200, 201], requests[0].ExpectedStatuses!);
        Assert.Equal([404], requests[1].ExpectedStatuses!);
    }

    [Fact]
    public void Parse_Options_FillHttpSettingsAndTags()
    {
        var plan = Parse("""
            options:
              timeout: 12s
              http2: true
              insecure: true
              tags: { env: staging }
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: http://h.test/ }]
            """);

        Assert.Equal(TimeSpan.FromSeconds(12), plan.Http.Timeout);
        Assert.Equal(HttpVersionMode.Http2, plan.Http.Version);
        Assert.True(plan.Http.Tls.Insecure);
        Assert.Null(plan.Http.Tls.CaCertificatePath);
        Assert.Equal(1, plan.Tags.Count);
        Assert.Equal("staging", plan.Tags["env"]);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("outputs: results/run.json", "results/run.json")]
    [InlineData("outputs: JSON=out.json", "out.json")]
    [InlineData("outputs: [ json=a.json ]", "a.json")]
    public void Parse_Outputs_TheResultsFileAsForOut(string outputs, string? expected)
    {
        var plan = Parse($"options:\n  {outputs}\nscenarios:\n  s: {{ executor: constant-vus, duration: 1s, requests: [{{ url: http://h.test/ }}] }}\n");

        Assert.Equal(expected, plan.ResultsPath);
    }

    [Fact]
    public void Parse_OutputsWithIntervalLogs_KeepsEveryEntryAndOneResultsFile()
    {
        var plan = Parse("options:\n  outputs: [ run.ndjson, json=r.json, JSON=live.jsonl ]\n" +
            "scenarios:\n  s: { executor: constant-vus, duration: 1s, requests: [{ url: http://h.test/ }] }\n");

        Assert.Equal("r.json", plan.ResultsPath);
        Assert.Equal(["run.ndjson", "json=r.json", "JSON=live.jsonl"], plan.Outputs);
    }

    [Fact]
    public void Parse_Reports_EachFormatAndPathAsForReport()
    {
        var plan = Parse("options:\n  reports: [ JUnit=out/junit.xml, \"hist[0,10ms,1s]=h.txt\", csv=out/run, md=a=b.md, html=r.html ]\n" +
            "scenarios:\n  s: { executor: constant-vus, duration: 1s, requests: [{ url: http://h.test/ }] }\n");

        Assert.Equal(
            [new("junit", "out/junit.xml"), new("hist[0,10ms,1s]", "h.txt"), new("csv", "out/run"), new("md", "a=b.md"), new("html", "r.html")],
            plan.Reports);
    }

    [Fact]
    public void Parse_OneReportWithoutList_IsTheOnlyReport()
    {
        var plan = Parse("options:\n  reports: md=summary.md\nscenarios:\n  s: { executor: constant-vus, duration: 1s, requests: [{ url: http://h.test/ }] }\n");

        Assert.Equal([new Stampede.Reports.ReportTarget("md", "summary.md")], plan.Reports);
    }

    [Theory]
    [InlineData("outputs: influxdb=127.0.0.1:8086/db", "options.outputs: 'influxdb' needs an http:// or https:// URL (got '127.0.0.1:8086/db')")]
    [InlineData("outputs: statsd=127.0.0.1:8125", "options.outputs: unknown output kind `statsd` (got 'statsd=127.0.0.1:8125')")]
    [InlineData("outputs: [ a.json, json=b.json ]", "options.outputs[1]: a second results file ('b.json'); a run writes one")]
    [InlineData("outputs: json=", "options.outputs: 'json=' names no file")]
    [InlineData("reports: [ xlsx=r.xlsx ]", "options.reports[0]: unknown report format 'xlsx'; use one of")]
    [InlineData("reports: jnuit=j.xml", "options.reports: unknown report format 'jnuit'; did you mean 'junit'?")]
    [InlineData("reports: junit.xml", "options.reports: 'junit.xml' is not FORMAT=PATH")]
    [InlineData("reports: hist=h.txt", "options.reports: 'hist' needs its bucket bounds")]
    [InlineData("reports: \"hist[10ms,5ms]=h.txt\"", "options.reports: format 'hist[10ms,5ms]'")]
    [InlineData("reports: [ junit=a.xml, md=a.xml ]", "options.reports[1]: a second report to 'a.xml'")]
    [InlineData("monitors: [ x ]", "`monitors` is not supported by this version of the scenario format yet")]
    public void Parse_BadOutputs_SayWhy(string outputs, string message)
    {
        var errors = Errors($"options:\n  {outputs}\nscenarios:\n  s: {{ executor: constant-vus, duration: 1s, requests: [{{ url: http://h.test/ }}] }}\n");

        Assert.Contains(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "Auto")]
    [InlineData("transport: fast", "Fast")]
    [InlineData("transport: Handler", "Handler")]
    [InlineData("transport: auto", "Auto")]
    public void Parse_Transport_ChoosesTheHttpClient(string line, string expected)
    {
        var plan = Parse($$"""
            options:
              timeout: 5s
              {{line}}
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: http://h.test/ }]
            """);

        Assert.Equal(Enum.Parse<HttpTransportKind>(expected), plan.Http.Transport);
    }

    [Fact]
    public void Parse_UnknownTransport_IsAnErrorWithAHint()
    {
        var error = Assert.Single(ScenarioTestHelpers.Errors("""
            options:
              transport: fats
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: http://h.test/ }]
            """));

        Assert.Equal("test.yaml:2:14: options.transport: 'fats' is not a transport; use one of auto, fast, handler (did you mean `fast`?)",
            error.ToString());
    }

    [Fact]
    public void Parse_NoOptions_UsesHttpDefaults()
    {
        var plan = Parse("""
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: http://h.test/ }]
            """);

        Assert.Equal(new HttpSettings(), plan.Http with { Tls = new TlsSettings() });
        Assert.Equal(new TlsSettings(), plan.Http.Tls);
        Assert.Same(TagSet.Empty, plan.Tags);
    }

    [Fact]
    public void Parse_TlsPaths_ResolvedAgainstBaseDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("stampede-tls-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "pki"));
            foreach (var name in new[] { "ca.crt", "client.crt", "client.key" })
            {
                File.WriteAllText(Path.Combine(dir.FullName, "pki", name), "dummy");
            }

            var plan = Parse("""
                options:
                  tls: { ca: pki/ca.crt, cert: pki/client.crt, key: pki/client.key, password: secret }
                scenarios:
                  s:
                    executor: constant-vus
                    duration: 1s
                    requests: [{ url: https://h.test/ }]
                """, dir.FullName);

            Assert.Equal(Path.Combine(dir.FullName, "pki", "ca.crt"), plan.Http.Tls.CaCertificatePath);
            Assert.Equal(Path.Combine(dir.FullName, "pki", "client.crt"), plan.Http.Tls.ClientCertificatePath);
            Assert.Equal(Path.Combine(dir.FullName, "pki", "client.key"), plan.Http.Tls.ClientKeyPath);
            Assert.Equal("secret", plan.Http.Tls.ClientCertificatePassword);
            Assert.False(plan.Http.Tls.Insecure);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

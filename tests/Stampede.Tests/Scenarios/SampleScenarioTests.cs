using Stampede.Engine;
using Stampede.Http;
using Stampede.Scenarios;

namespace Stampede.Tests.Scenarios;

public class SampleScenarioTests
{
    private static readonly string SamplesDirectory = Path.Combine(RepositoryRoot(), "samples");

    public static TheoryData<string> Samples() => new(SampleNames());

    /// <summary>
    /// Every sample loads. The loader checks TLS files exist, and the PKI is generated at run time by
    /// `stampede target --mtls`, so the samples are copied beside a pki/ folder of placeholder files:
    /// this proves the paths resolve as documented, not that the certificates are valid.
    /// </summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void Load_Sample_Succeeds(string name)
    {
        var root = Directory.CreateTempSubdirectory("stampede-samples-");
        try
        {
            var (path, pki) = CopyBesidePlaceholderPki(name, root);

            var plan = ScenarioLoader.Load(path);

            Assert.NotEmpty(plan.Scenarios);
            Assert.Empty(plan.Validate());
            Assert.All(plan.Scenarios, s => Assert.True(s.Body is HttpFlow { Requests.Count: > 0 } or Stampede.Scenarios.Flow.FlowProgram { Steps.Length: > 0 }));
            if (plan.Http.Tls.CaCertificatePath is { } ca)
            {
                Assert.Equal(Path.Combine(pki.FullName, "ca.crt"), ca);
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_SamplesDirectory_HoldsTheDocumentedSamples()
    {
        Assert.Equal(
            ["arrival-rate.yaml", "demo-staged.yaml", "hsm-mtls.yaml", "locust-shape.yaml", "rate-limit.yaml",
             "stress-endurance.yaml", "stress-incremental.yaml", "stress-spike.yaml", "stress-sustained.yaml"],
            SampleNames().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_DemoStaged_HasTheDocumentedShape()
    {
        var plan = ScenarioLoader.Load(Path.Combine(SamplesDirectory, "demo-staged.yaml"));

        var scenario = Assert.Single(plan.Scenarios);
        Assert.IsType<RampingVusConfig>(scenario.Executor);
        var requests = Assert.IsType<HttpFlow>(scenario.Body).Requests;
        Assert.Equal(["health", "encrypt", "item"], requests.Select(r => r.Name));
        Assert.Equal(new Uri("http://127.0.0.1:5080/api/encrypt"), requests[1].Url);
        Assert.Same(HttpMethod.Post, requests[1].Method);
        Assert.Equal("""{"plaintext":"hello"}""", System.Text.Encoding.UTF8.GetString(requests[1].Body.Span));
        Assert.Equal(new Uri("http://127.0.0.1:5080/api/items/42"), requests[2].Url);
    }

    [Fact]
    public void Load_ArrivalRate_Is200PerSecondFor20s()
    {
        var plan = ScenarioLoader.Load(Path.Combine(SamplesDirectory, "arrival-rate.yaml"));

        var config = Assert.IsType<ConstantArrivalRateConfig>(Assert.Single(plan.Scenarios).Executor);
        Assert.Equal((200d, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)), (config.Rate, config.TimeUnit, config.Duration));
        Assert.Equal(new Uri("http://127.0.0.1:5080/api/slow?ms=10"), Assert.Single(Assert.IsType<HttpFlow>(plan.Scenarios[0].Body).Requests).Url);
    }

    [Fact]
    public void Load_HsmMtls_SevenStagesAndThresholdsPerOperation()
    {
        var root = Directory.CreateTempSubdirectory("stampede-samples-");
        try
        {
            var (path, pki) = CopyBesidePlaceholderPki("hsm-mtls.yaml", root);

            var plan = ScenarioLoader.Load(path);

            var executor = Assert.IsType<RampingVusConfig>(Assert.Single(plan.Scenarios).Executor);
            Assert.Equal(7, executor.Stages.Count);
            Assert.Equal(0, executor.Stages[^1].Target);
            Assert.Equal(50, executor.PeakVus);
            Assert.Equal(Path.Combine(pki.FullName, "client.key"), plan.Http.Tls.ClientKeyPath);
            Assert.Equal(
                ["checks: rate>0.999", "http_req_duration: p(95)<250", "http_req_duration: p(99)<500",
                 "http_req_duration{name:decrypt}: p(95)<100", "http_req_duration{name:encrypt}: p(95)<100",
                 "http_req_failed: rate<0.001", "http_req_failed: rate<0.05"],
                plan.Thresholds.Select(t => t.Source).Order(StringComparer.Ordinal));
            Assert.Single(plan.Thresholds, t => t.AbortOnFail);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_MtlsWithoutPki_ReportsEachMissingFile()
    {
        var dir = Directory.CreateTempSubdirectory("stampede-mtls-");
        try
        {
            var path = Path.Combine(dir.FullName, "hsm-mtls.yaml");
            File.Copy(Path.Combine(SamplesDirectory, "hsm-mtls.yaml"), path);

            var ex = Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.Load(path));

            Assert.Equal(["options.tls.ca", "options.tls.cert", "options.tls.key"], ex.Errors.Select(e => e.Message.Split(':')[0]));
            Assert.All(ex.Errors, e => Assert.Equal(path, e.File));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // The sample copied to ROOT/samples/, beside ROOT/pki/ holding placeholder files for the TLS paths it names.
    private static (string Path, DirectoryInfo Pki) CopyBesidePlaceholderPki(string name, DirectoryInfo root)
    {
        var pki = Directory.CreateDirectory(Path.Combine(root.FullName, "pki"));
        foreach (var file in new[] { "ca.crt", "client.crt", "client.key" })
        {
            File.WriteAllText(Path.Combine(pki.FullName, file), "placeholder");
        }

        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(root.FullName, "samples")).FullName, name);
        File.Copy(Path.Combine(SamplesDirectory, name), path);
        return (path, pki);
    }

    private static IEnumerable<string> SampleNames() =>
        Directory.GetFiles(SamplesDirectory, "*.yaml").Select(f => Path.GetFileName(f));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stampede.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Stampede.slnx not found above " + AppContext.BaseDirectory);
    }
}

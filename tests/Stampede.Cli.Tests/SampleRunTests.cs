using Stampede.DemoTarget;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Cli.Tests;

/// <summary>
/// Every file in samples/ passes <c>stampede smoke</c> and runs, shortened with <c>--duration</c>/<c>--peak</c>, against
/// a real demo target with all its thresholds holding. The sample is copied as it is; only its documented address
/// (127.0.0.1:5080, or :5443 for mTLS) is pointed at the test's target, and its ../pki/ files are the target's.
/// </summary>
[Collection(EndToEnd.Name)]
public sealed class SampleRunTests(DemoTargetFixture target) : IDisposable
{
    private static readonly string SamplesDirectory = Path.Combine(Repository.Root, "samples");

    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-sample-run-").FullName;

    /// <summary>How CI shortens each sample: about ten seconds each, at a peak a loaded 2-core machine sustains.</summary>
    public static TheoryData<string, string[]> Shortened() => new()
    {
        { "arrival-rate.yaml", ["--duration", "5s", "--peak", "50"] },
        { "demo-staged.yaml", ["--duration", "6s", "--peak", "4"] },
        { "hsm-mtls.yaml", ["--duration", "10s", "--peak", "4"] },
        { "locust-shape.yaml", ["--duration", "8s", "--peak", "4"] },
        { "rate-limit.yaml", ["--duration", "12s"] },
        { "stress-endurance.yaml", ["--duration", "6s", "--peak", "100"] },
        { "stress-incremental.yaml", ["--duration", "8s", "--peak", "200"] },
        { "stress-spike.yaml", ["--duration", "8s", "--peak", "200"] },
        { "stress-sustained.yaml", ["--duration", "6s", "--peak", "100"] },
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Shortened_CoversEverySample()
    {
        var inCi = Shortened().Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        var samples = Directory.GetFiles(SamplesDirectory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(samples, inCi);
    }

    [Theory]
    [MemberData(nameof(Shortened))]
    public async Task Sample_SmokeThenShortenedRun_PassesWithEveryThresholdJudged(string name, string[] shortened)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(SamplesDirectory, name));
        await using var mtls = text.Contains("https://127.0.0.1:5443", StringComparison.Ordinal)
            ? await DemoTargetServer.StartAsync(new DemoTargetOptions
            {
                Urls = ["https://127.0.0.1:0"],
                Mtls = true,
                PkiDirectory = Path.Combine(_folder, "pki"),
            })
            : null;
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(_folder, "samples")).FullName, name);
        await File.WriteAllTextAsync(file, text
            .Replace("http://127.0.0.1:5080", Address(target.BaseUrl), StringComparison.Ordinal)
            .Replace("https://127.0.0.1:5443", mtls is null ? "https://127.0.0.1:5443" : Address(mtls.BaseUrl), StringComparison.Ordinal));
        var results = Path.Combine(_folder, "results.json");

        var (smoke, smokeOutput, smokeError) = await CliHarness.RunAsync("smoke", file);
        var (run, output, error) = await CliHarness.RunAsync(["run", file, .. shortened, "--out", results, "--quiet"]);

        Assert.True(smoke == 0, $"smoke exited {smoke}: {smokeOutput}{smokeError}");
        Assert.Contains("smoke passed", smokeOutput, StringComparison.Ordinal);
        Assert.True(run == 0, $"run exited {run}: {output}{error}");
        var result = ResultsFile.Read(results);
        Assert.True(result.Accounting.Balanced, result.Accounting.ToString());
        Assert.True(result.Total(BuiltinMetrics.HttpReqs)?.Count > 0, "no request was sent");
        Assert.Equal(0, result.Accounting.InFlightAtStop);
        Assert.NotEmpty(result.Thresholds);
        Assert.All(result.Thresholds, t => Assert.True(t.Passed && t.Observed is not null, $"{t.Threshold.Source}: observed {t.Observed}"));
        Assert.All(result.Checks, c => Assert.True(c.Fails == 0, $"check {c.Name}: {c.Fails} failed"));

        // Shortened, not run at full length: the file's timeline fits the --duration given (plus graceful stops).
        var duration = Durations.Parse(shortened[1], "--duration");
        Assert.InRange(result.Run.Duration, duration * 0.9, duration + TimeSpan.FromSeconds(10));
    }

    private static string Address(Uri url) => url.GetLeftPart(UriPartial.Authority);
}

using Stampede.Cli.Commands;
using Stampede.Engine;

namespace Stampede.Cli.Tests;

public sealed class RunShapeTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"stampede-shape-{Guid.NewGuid():N}.yaml");

    public RunShapeTests() => File.WriteAllText(_file, """
        options:
          baseUrl: http://127.0.0.1:9
          thresholds:
            http_req_duration: ["p(95)<500"]
        scenarios:
          browse:
            executor: constant-vus
            vus: 2
            duration: 30s
            requests: [{ url: /health }]
          buy:
            executor: constant-vus
            vus: 2
            duration: 30s
            requests: [{ url: /api/items/1 }]
        """);

    public void Dispose() => File.Delete(_file);

    private TestPlan Plan => RunCommand.Load(_file, new Dictionary<string, string>());

    private string Error(RunShapeArguments args) => Assert.Throws<InvalidInputException>(() => RunShape.Apply(Plan, args)).Message;

    [Fact]
    public void Apply_ProfileLoad_EveryScenarioShapedWithItsShareOfThePeak()
    {
        var plan = RunShape.Apply(Plan, new RunShapeArguments { Profile = "load", Peak = "30", Duration = TimeSpan.FromMinutes(5) });

        Assert.All(plan.Scenarios, s =>
        {
            var executor = Assert.IsType<RampingVusConfig>(s.Executor);
            Assert.Equal(15, executor.PeakVus);
            Assert.Equal(TimeSpan.FromMinutes(5), executor.MaxDuration);
        });
    }

    [Fact]
    public void Apply_PeakWrittenAsARateForAnOpenShape_PerSecond()
    {
        var plan = RunShape.Apply(Plan, new RunShapeArguments { Profile = "soak", Peak = "6000/m", Duration = TimeSpan.FromMinutes(5), MaxVus = 40 });

        Assert.All(plan.Scenarios, s =>
        {
            var executor = Assert.IsType<ConstantArrivalRateConfig>(s.Executor);
            Assert.Equal(50, executor.Rate);
            Assert.Equal(20, executor.MaxVUs);
        });
    }

    [Fact]
    public void Apply_BreakpointWithCommandLineThreshold_ThatThresholdStopsTheRunTheFilesStaysAsWritten()
    {
        var plan = RunShape.Apply(Plan, new RunShapeArguments
        {
            Profile = "breakpoint",
            Peak = "500",
            Duration = TimeSpan.FromMinutes(2),
            Thresholds = ["http_req_failed: rate<0.01 over 10s"],
        });

        Assert.Equal([("http_req_duration: p(95)<500", false), ("http_req_failed: rate<0.01 over 10s", true)],
            plan.Thresholds.Select(t => (t.Source, t.AbortOnFail)));
    }

    [Fact]
    public void Apply_BreakpointWithOnlyTheFilesThresholds_TheyStopTheRun()
    {
        var plan = RunShape.Apply(Plan, new RunShapeArguments { Profile = "breakpoint", Duration = TimeSpan.FromMinutes(2) });

        Assert.True(plan.Thresholds.Single().AbortOnFail);
        Assert.True(RunShape.IsBreakpoint("Breakpoint"));
        Assert.False(RunShape.IsBreakpoint("stress"));
    }

    [Fact]
    public void Apply_ThresholdWithoutProfile_AddedToTheFilesAsWritten()
    {
        var plan = RunShape.Apply(Plan, new RunShapeArguments { Thresholds = ["http_req_duration{name:/health}: p(99)<50"] });

        Assert.Equal([("http_req_duration: p(95)<500", false), ("http_req_duration{name:/health}: p(99)<50", false)],
            plan.Thresholds.Select(t => (t.Source, t.AbortOnFail)));
        Assert.IsType<ConstantVusConfig>(plan.Scenarios[0].Executor);
    }

    [Fact]
    public void Apply_BadThreshold_SaysWhichFlag() =>
        Assert.StartsWith("--threshold: threshold `p(95)<50`: write it as METRIC: CONDITION", Error(new RunShapeArguments { Thresholds = ["p(95)<50"] }),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("abc", "--peak: 'abc' is not a number; give the highest load as a number greater than 0, e.g. --peak 50")]
    [InlineData("50/s", "--peak: the load profile's peak is a number of VUs, not a rate (got '50/s'); write it like --peak 50")]
    [InlineData("0", "load profile: the peak must be a number greater than 0 (VUs; got 0), e.g. 10")]
    public void Apply_BadPeak_Refused(string peak, string expected) =>
        Assert.StartsWith(expected, Error(new RunShapeArguments { Profile = "load", Peak = peak }), StringComparison.Ordinal);

    [Fact]
    public void Apply_DurationAndPeakWithoutProfile_ScaleTheFilesOwnShape()
    {
        var plan = RunShape.Apply(Plan, new RunShapeArguments { Duration = TimeSpan.FromSeconds(6), Peak = "10" });

        Assert.All(plan.Scenarios, s => Assert.Equal(new ConstantVusConfig(5, TimeSpan.FromSeconds(6)), s.Executor));
    }

    [Theory]
    [InlineData("lots", "--peak: 'lots' is not a number; this plan's load is VUs, so give the most VUs at once, e.g. --peak 20")]
    [InlineData("50/s", "--peak: '50/s' is not a number; this plan's load is VUs")]
    [InlineData("0", "--peak: must be a number greater than 0 (got 0)")]
    public void Apply_BadPeakWithoutProfile_Refused(string peak, string expected) =>
        Assert.StartsWith(expected, Error(new RunShapeArguments { Peak = peak }), StringComparison.Ordinal);

    [Fact]
    public void Apply_PeakWithVus_Refused() =>
        Assert.Equal("--peak 50: --vus and --rate already set the load; give one of them",
            Error(new RunShapeArguments { Peak = "50", Vus = 5, Duration = TimeSpan.FromSeconds(30) }));

    [Fact]
    public void Apply_MaxVusForAClosedModelFile_Refused() =>
        Assert.StartsWith("--max-vus: applies to arrival-rate scenarios, and this plan has none",
            Error(new RunShapeArguments { MaxVus = 10 }), StringComparison.Ordinal);

    [Fact]
    public void Apply_SeveralMistakes_AllReportedAtOnce()
    {
        var lines = Error(new RunShapeArguments { Profile = "stress", Rate = "100/s", Peak = "lots", Duration = TimeSpan.FromSeconds(10) })
            .Split(Environment.NewLine);

        Assert.Equal(3, lines.Length);
        Assert.Equal("--profile stress replaces every scenario's executor, as --vus and --rate do; give only one of them", lines[0]);
        Assert.StartsWith("--peak: 'lots' is not a number", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("stress profile: a duration of 10s is too short", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stres", "stampede: unknown profile `stres`; did you mean `stress`?")]
    [InlineData("bogus", "stampede: unknown profile `bogus`; valid here: smoke, load, stress, spike, soak, breakpoint")]
    public async Task Run_UnknownProfile_SuggestsAndExitsTwo(string profile, string expected)
    {
        var (code, _, error) = await CliHarness.RunAsync("run", _file, "--profile", profile);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smoke profile: a peak does not apply", "--profile", "smoke", "--peak", "5")]
    [InlineData("smoke profile: a duration does not apply", "--profile", "smoke", "--duration", "1m")]
    [InlineData("load profile: a duration of 5s is too short", "--profile", "load", "--duration", "5s")]
    [InlineData("--profile load replaces every scenario's executor", "--profile", "load", "--vus", "5")]
    [InlineData("--duration: '1 fortnight' is not a duration", "--profile", "load", "--duration", "1 fortnight")]
    [InlineData("load profile: maxVUs applies to the open-model profiles only", "--profile", "load", "--max-vus", "5")]
    [InlineData("soak profile: maxVUs must be at least 1 (got 0)", "--profile", "soak", "--max-vus", "0")]
    public async Task Run_BadProfileFlags_OneLineEachAndExitTwo(string expected, params string[] flags)
    {
        var (code, output, error) = await CliHarness.RunAsync(["run", _file, .. flags]);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("stampede: " + expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Run_BreakpointWithoutAnyThreshold_RefusedWithAHint()
    {
        File.WriteAllText(_file, """
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: "http://127.0.0.1:9/" }]
            """);

        var (code, _, error) = await CliHarness.RunAsync("run", _file, "--profile", "breakpoint");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("breakpoint profile: nothing would stop the ramp", error, StringComparison.Ordinal);
        Assert.Contains("--threshold 'http_req_failed: rate<0.01 over 10s'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Run_ShowsTheProfileFlags()
    {
        var (code, output, _) = await CliHarness.RunAsync("run", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--profile", output, StringComparison.Ordinal);
        Assert.Contains("--peak", output, StringComparison.Ordinal);
        Assert.Contains("--threshold", output, StringComparison.Ordinal);
        Assert.Contains("stampede run checkout.yaml --profile load --peak 50 --duration 10m", output, StringComparison.Ordinal);
    }
}

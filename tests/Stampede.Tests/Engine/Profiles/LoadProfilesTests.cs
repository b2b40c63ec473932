using Stampede.Engine;
using Stampede.Engine.Profiles;
using Stampede.Metrics;

namespace Stampede.Tests.Engine.Profiles;

public class LoadProfilesTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    internal static TestPlan Plan(int scenarios = 1, params string[] thresholds)
    {
        var builder = new TestPlanBuilder();
        for (var i = 0; i < scenarios; i++)
        {
            builder.Scenario($"s{i}", new ConstantVusConfig(3, TimeSpan.FromSeconds(30)) { StartTime = TimeSpan.FromSeconds(5), GracefulStop = TimeSpan.FromSeconds(7) },
                new DelegateBody((_, _) => ValueTask.CompletedTask), TagSet.Of(("team", $"t{i}")));
        }

        foreach (var threshold in thresholds)
        {
            var colon = threshold.IndexOf(':', StringComparison.Ordinal);
            builder.Threshold(threshold[..colon], threshold[(colon + 1)..].Trim());
        }

        return builder.Build();
    }

    private static ExecutorConfig Shape(LoadProfile profile, double? peak = 100, TimeSpan? duration = null, int? maxVus = null, int scenarios = 1) =>
        LoadProfiles.Apply(Plan(scenarios, "http_req_failed: rate<0.01"),
            new ProfileOptions { Profile = profile, Peak = peak, Duration = duration ?? TenMinutes, MaxVus = maxVus }).Scenarios[0].Executor;

    [Fact]
    public void Apply_Smoke_OneVuOneIterationPerScenario()
    {
        var plan = LoadProfiles.Apply(Plan(2), new ProfileOptions { Profile = LoadProfile.Smoke });

        Assert.All(plan.Scenarios, s =>
        {
            var executor = Assert.IsType<PerVuIterationsConfig>(s.Executor);
            Assert.Equal((1, 1L), (executor.Vus, executor.Iterations));
        });
    }

    [Fact]
    public void Apply_Load_RampsUpTenPercentHoldsEightyRampsDownTen()
    {
        var executor = Assert.IsType<RampingVusConfig>(Shape(LoadProfile.Load));

        Assert.Equal(0, executor.StartVus);
        Assert.Equal(
            [new Stage(TimeSpan.FromMinutes(1), 100), new Stage(TimeSpan.FromMinutes(8), 100), new Stage(TimeSpan.FromMinutes(1), 0)],
            executor.Stages);
    }

    [Fact]
    public void Apply_Stress_FiveEqualStepsEachARampThenAHold()
    {
        var executor = Assert.IsType<RampingArrivalRateConfig>(Shape(LoadProfile.Stress));

        Assert.Equal(0, executor.StartRate);
        Assert.Equal(TimeSpan.FromSeconds(1), executor.TimeUnit);
        var expected = new List<Stage>();
        foreach (var rate in new[] { 20, 40, 60, 80, 100 })
        {
            expected.Add(new Stage(TimeSpan.FromSeconds(12), rate));
            expected.Add(new Stage(TimeSpan.FromSeconds(108), rate));
        }

        Assert.Equal(expected, executor.Stages);
        Assert.Equal(TenMinutes, executor.MaxDuration);
    }

    [Fact]
    public void Apply_Spike_BaselineJumpToPeakHoldAndBack()
    {
        var executor = Assert.IsType<RampingArrivalRateConfig>(Shape(LoadProfile.Spike));

        Assert.Equal(10, executor.StartRate);
        Assert.Equal(
            [
                new Stage(TimeSpan.FromMinutes(4), 10), new Stage(TimeSpan.Zero, 100), new Stage(TimeSpan.FromMinutes(2), 100),
                new Stage(TimeSpan.Zero, 10), new Stage(TimeSpan.FromMinutes(4), 10),
            ],
            executor.Stages);
    }

    [Fact]
    public void Apply_Spike_TheSchedulerJumpsAtFortyPercentAndDropsAtSixty()
    {
        var executor = Assert.IsType<RampingArrivalRateConfig>(Shape(LoadProfile.Spike));
        var schedule = new ArrivalSchedule(executor.StartRate, executor.TimeUnit, executor.Stages);

        // 4 min at 10/s, 2 min at 100/s, 4 min at 10/s.
        Assert.Equal(2400 + 12_000 + 2400, schedule.TotalIterations);
        Assert.True(schedule.TryGetOffset(2399, out var lastBaseline));
        Assert.True(schedule.TryGetOffset(2400, out var firstAtPeak));
        Assert.True(schedule.TryGetOffset(2401, out var secondAtPeak));
        Assert.True(schedule.TryGetOffset(14_400, out var firstAfter));
        Assert.Equal(TimeSpan.FromSeconds(239.9), lastBaseline);
        Assert.Equal(TimeSpan.FromMinutes(4), firstAtPeak);
        Assert.Equal(TimeSpan.FromMilliseconds(240_010), secondAtPeak);
        Assert.Equal(TimeSpan.FromMinutes(6), firstAfter);
    }

    [Theory]
    [MemberData(nameof(ProfilePicturesTests.Profiles), MemberType = typeof(ProfilePicturesTests))]
    public void Apply_EveryProfileWithItsDefaults_ThePlanTheRunnerAccepts(LoadProfile profile)
    {
        var plan = LoadProfiles.Apply(Plan(3, "http_req_failed: rate<0.01"), new ProfileOptions { Profile = profile });

        Assert.Empty(plan.Validate());
        _ = new Runner(plan);
    }

    [Fact]
    public void Apply_Soak_ConstantRateForTheDuration()
    {
        var executor = Assert.IsType<ConstantArrivalRateConfig>(Shape(LoadProfile.Soak, peak: 40, duration: TimeSpan.FromHours(2)));

        Assert.Equal((40.0, TimeSpan.FromHours(2)), (executor.Rate, executor.Duration));
    }

    [Fact]
    public void Apply_Breakpoint_LinearFromZeroToPeakOverTheDuration()
    {
        var executor = Assert.IsType<RampingArrivalRateConfig>(Shape(LoadProfile.Breakpoint, peak: 5000));

        Assert.Equal(0, executor.StartRate);
        Assert.Equal([new Stage(TenMinutes, 5000)], executor.Stages);
    }

    [Theory]
    [InlineData(LoadProfile.Load, 10, 600)]
    [InlineData(LoadProfile.Stress, 100, 600)]
    [InlineData(LoadProfile.Spike, 100, 300)]
    [InlineData(LoadProfile.Soak, 100, 3600)]
    [InlineData(LoadProfile.Breakpoint, 1000, 1800)]
    public void Apply_NoPeakOrDuration_TheDocumentedDefaults(LoadProfile profile, double peak, int seconds)
    {
        var executor = LoadProfiles.Apply(Plan(1, "http_req_failed: rate<0.01"), new ProfileOptions { Profile = profile }).Scenarios[0].Executor;

        var curve = LoadCurve.Of(executor)!;
        Assert.Equal(peak, curve.Peak);
        Assert.Equal(TimeSpan.FromSeconds(seconds), curve.Duration);
        Assert.Equal((peak, TimeSpan.FromSeconds(seconds)), (LoadProfiles.DefaultPeak(profile), LoadProfiles.DefaultDuration(profile)));
    }

    [Fact]
    public void Apply_LoadAcrossThreeScenarios_PeakSplitAndRoundedUp()
    {
        var plan = LoadProfiles.Apply(Plan(3), new ProfileOptions { Profile = LoadProfile.Load, Peak = 10, Duration = TenMinutes });

        Assert.All(plan.Scenarios, s => Assert.Equal(4, s.Executor.PeakVus));
    }

    [Fact]
    public void Apply_OpenShapeAcrossFourScenarios_RateSplitExactlyAndVusRoundedUp()
    {
        var plan = LoadProfiles.Apply(Plan(4), new ProfileOptions { Profile = LoadProfile.Soak, Peak = 10, Duration = TenMinutes, MaxVus = 30 });

        Assert.All(plan.Scenarios, s =>
        {
            var executor = Assert.IsType<ConstantArrivalRateConfig>(s.Executor);
            Assert.Equal(2.5, executor.Rate);
            Assert.Equal(8, executor.MaxVUs);
            Assert.Equal(1, executor.PreAllocatedVUs);
        });
    }

    [Theory]
    [InlineData(100, 1000, 5)]      // at least 1000 VUs; up front enough for 50 ms iterations
    [InlineData(5000, 5000, 100)]   // 1 VU per iteration/s of the peak; at most 100 up front
    [InlineData(3, 1000, 1)]
    public void Apply_OpenShapeWithoutMaxVus_EnoughForOneSecondIterationsAtThePeak(double peak, int maxVus, int preAllocated)
    {
        var executor = Assert.IsType<RampingArrivalRateConfig>(Shape(LoadProfile.Breakpoint, peak: peak));

        Assert.Equal((preAllocated, maxVus), (executor.PreAllocatedVUs, executor.MaxVUs));
    }

    [Fact]
    public void Apply_MaxVusBelowTheDerivedPreAllocation_PreAllocationCapped()
    {
        var executor = Assert.IsType<RampingArrivalRateConfig>(Shape(LoadProfile.Stress, peak: 2000, maxVus: 40));

        Assert.Equal((40, 40), (executor.PreAllocatedVUs, executor.MaxVUs));
    }

    [Fact]
    public void Apply_AnyShape_KeepsFlowTagsThresholdsAndGracefulStopDropsStartTime()
    {
        var original = Plan(2, "http_req_duration: p(95)<500");

        var plan = LoadProfiles.Apply(original, new ProfileOptions { Profile = LoadProfile.Load, Peak = 4, Duration = TenMinutes });

        Assert.Equal(original.Thresholds, plan.Thresholds);
        for (var i = 0; i < 2; i++)
        {
            Assert.Same(original.Scenarios[i].Body, plan.Scenarios[i].Body);
            Assert.Equal(original.Scenarios[i].Tags, plan.Scenarios[i].Tags);
            Assert.Equal(original.Scenarios[i].Name, plan.Scenarios[i].Name);
            Assert.Equal(TimeSpan.FromSeconds(7), plan.Scenarios[i].Executor.GracefulStop);
            Assert.Equal(TimeSpan.Zero, plan.Scenarios[i].Executor.StartTime);
        }

        Assert.Empty(plan.Validate());
    }

    [Fact]
    public void Apply_BreakpointWithoutAbortOnFailThreshold_EveryThresholdStopsTheRun()
    {
        var plan = LoadProfiles.Apply(Plan(1, "http_req_failed: rate<0.01", "http_req_duration: p(95)<500"),
            new ProfileOptions { Profile = LoadProfile.Breakpoint, Peak = 100, Duration = TenMinutes });

        Assert.Equal([true, true], plan.Thresholds.Select(t => t.AbortOnFail));
    }

    [Fact]
    public void Apply_BreakpointWithAnAbortOnFailThreshold_OthersLeftAsTheyWere()
    {
        var original = Plan(1, "http_req_failed: rate<0.01", "http_reqs: count>10");
        original = original with { Thresholds = [original.Thresholds[0] with { AbortOnFail = true }, original.Thresholds[1]] };

        var plan = LoadProfiles.Apply(original, new ProfileOptions { Profile = LoadProfile.Breakpoint, Peak = 100, Duration = TenMinutes });

        Assert.Equal([true, false], plan.Thresholds.Select(t => t.AbortOnFail));
    }

    [Fact]
    public void Apply_OtherShapes_ThresholdsNotMadeAbortOnFail()
    {
        var plan = LoadProfiles.Apply(Plan(1, "http_req_failed: rate<0.01"), new ProfileOptions { Profile = LoadProfile.Stress, Peak = 100, Duration = TenMinutes });

        Assert.False(plan.Thresholds.Single().AbortOnFail);
    }

    [Theory]
    [InlineData("smoke", LoadProfile.Smoke)]
    [InlineData("Stress", LoadProfile.Stress)]
    [InlineData(" BREAKPOINT ", LoadProfile.Breakpoint)]
    public void Parse_NameInAnyCase_TheProfile(string text, LoadProfile expected) =>
        Assert.Equal(expected, LoadProfiles.Parse(text));

    [Theory]
    [InlineData("stres", "unknown profile `stres`; did you mean `stress`?")]
    [InlineData("spkie", "unknown profile `spkie`; did you mean `spike`?")]
    [InlineData("ramp", "unknown profile `ramp`; valid here: smoke, load, stress, spike, soak, breakpoint")]
    public void Parse_UnknownName_SuggestsTheClosest(string text, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => LoadProfiles.Parse(text));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(profiles: smoke, load, stress, spike, soak, breakpoint)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_EveryProfileInEnumOrder_RoundTripsThroughParse()
    {
        Assert.Equal(Enum.GetValues<LoadProfile>().Length, LoadProfiles.Names.Count);
        foreach (var profile in Enum.GetValues<LoadProfile>())
        {
            Assert.Equal(profile, LoadProfiles.Parse(LoadProfiles.NameOf(profile)));
        }
    }
}

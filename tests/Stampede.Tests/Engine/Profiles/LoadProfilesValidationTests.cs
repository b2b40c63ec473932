using Stampede.Engine;
using Stampede.Engine.Profiles;

namespace Stampede.Tests.Engine.Profiles;

public class LoadProfilesValidationTests
{
    private static readonly TestPlan WithThreshold = LoadProfilesTests.Plan(1, "http_req_failed: rate<0.01");

    private static IReadOnlyList<string> Errors(ProfileOptions options, TestPlan? plan = null) => LoadProfiles.Validate(plan ?? WithThreshold, options);

    [Theory]
    [InlineData(LoadProfile.Load, 0, "load profile: the peak must be a number greater than 0 (VUs; got 0), e.g. 10")]
    [InlineData(LoadProfile.Stress, -5, "stress profile: the peak must be a number greater than 0 (iterations per second; got -5), e.g. 100")]
    [InlineData(LoadProfile.Soak, double.NaN, "soak profile: the peak must be a number greater than 0 (iterations per second; got NaN), e.g. 100")]
    [InlineData(LoadProfile.Breakpoint, double.PositiveInfinity, "breakpoint profile: the peak must be a number greater than 0 (iterations per second; got Infinity), e.g. 1000")]
    [InlineData(LoadProfile.Load, 10.5, "load profile: the peak is a number of VUs and must be whole (got 10.5); e.g. 11")]
    public void Validate_BadPeak_SaysTheRuleTheValueAndAnExample(LoadProfile profile, double peak, string expected) =>
        Assert.Equal([expected], Errors(new ProfileOptions { Profile = profile, Peak = peak }));

    [Fact]
    public void Validate_FractionalRateForAnOpenShape_Accepted() =>
        Assert.Empty(Errors(new ProfileOptions { Profile = LoadProfile.Spike, Peak = 0.5 }));

    [Theory]
    [InlineData(LoadProfile.Load, 10)]
    [InlineData(LoadProfile.Stress, 50)]
    [InlineData(LoadProfile.Spike, 5)]
    [InlineData(LoadProfile.Soak, 1)]
    [InlineData(LoadProfile.Breakpoint, 10)]
    public void Validate_DurationAtTheMinimum_AcceptedJustBelowRefused(LoadProfile profile, int seconds)
    {
        var minimum = TimeSpan.FromSeconds(seconds);

        Assert.Equal(minimum, LoadProfiles.MinimumDuration(profile, TimeSpan.FromSeconds(1)));
        Assert.Empty(Errors(new ProfileOptions { Profile = profile, Duration = minimum }));
        var error = Assert.Single(Errors(new ProfileOptions { Profile = profile, Duration = minimum - TimeSpan.FromMilliseconds(100) }));
        Assert.StartsWith($"{LoadProfiles.NameOf(profile)} profile: a duration of ", error, StringComparison.Ordinal);
        Assert.EndsWith($"(1s), so give {seconds}s or more", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StressTooShort_ExplainsWhichPhaseLimitsIt() =>
        Assert.Equal(
            ["stress profile: a duration of 20s is too short; the ramp into each of the 5 steps takes 2% of it and must last at least " +
             "one metrics interval (1s), so give 50s or more"],
            Errors(new ProfileOptions { Profile = LoadProfile.Stress, Duration = TimeSpan.FromSeconds(20) }));

    [Fact]
    public void Validate_LongerMetricsInterval_LongerMinimum()
    {
        var plan = WithThreshold with { Interval = TimeSpan.FromSeconds(5) };

        var error = Assert.Single(Errors(new ProfileOptions { Profile = LoadProfile.Load, Duration = TimeSpan.FromSeconds(30) }, plan));

        Assert.EndsWith("(5s), so give 50s or more", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveDuration_Refused() =>
        Assert.Equal(["soak profile: the duration must be longer than 0 (got 0s), e.g. 1h"],
            Errors(new ProfileOptions { Profile = LoadProfile.Soak, Duration = TimeSpan.Zero }));

    [Fact]
    public void Validate_SmokeWithPeakDurationAndMaxVus_EachRefused() =>
        Assert.Equal(
            [
                "smoke profile: a peak does not apply (smoke runs 1 VU for 1 iteration of each scenario; got 5); remove it, or use the load profile",
                "smoke profile: a duration does not apply (smoke runs 1 VU for 1 iteration of each scenario; got 1m); remove it, or use the load profile",
                "smoke profile: maxVUs applies to the open-model profiles only (stress, spike, soak, breakpoint; got 20); remove it",
            ],
            Errors(new ProfileOptions { Profile = LoadProfile.Smoke, Peak = 5, Duration = TimeSpan.FromMinutes(1), MaxVus = 20 }));

    [Fact]
    public void Validate_LoadWithMaxVus_RefusedPointingAtThePeak() =>
        Assert.Equal(
            ["load profile: maxVUs applies to the open-model profiles only (stress, spike, soak, breakpoint; got 20); the load profile's peak is its number of VUs"],
            Errors(new ProfileOptions { Profile = LoadProfile.Load, MaxVus = 20 }));

    [Fact]
    public void Validate_MaxVusBelowOne_Refused() =>
        Assert.Equal(["soak profile: maxVUs must be at least 1 (got 0)"], Errors(new ProfileOptions { Profile = LoadProfile.Soak, MaxVus = 0 }));

    [Fact]
    public void Validate_BreakpointWithoutThresholds_RefusedWithAHint()
    {
        var error = Assert.Single(Errors(new ProfileOptions { Profile = LoadProfile.Breakpoint }, LoadProfilesTests.Plan(1)));

        Assert.StartsWith("breakpoint profile: nothing would stop the ramp at the breaking point, because the plan has no threshold", error, StringComparison.Ordinal);
        Assert.Contains("--threshold 'http_req_failed: rate<0.01 over 10s'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OtherShapesWithoutThresholds_Accepted() =>
        Assert.Empty(Errors(new ProfileOptions { Profile = LoadProfile.Stress }, LoadProfilesTests.Plan(1)));

    [Fact]
    public void Validate_SeveralProblems_AllReportedAtOnce()
    {
        var errors = Errors(new ProfileOptions { Profile = LoadProfile.Breakpoint, Peak = -1, Duration = TimeSpan.FromSeconds(3), MaxVus = 0 },
            LoadProfilesTests.Plan(1));

        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Apply_Invalid_ThrowsWithEveryProblem()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            LoadProfiles.Apply(WithThreshold, new ProfileOptions { Profile = LoadProfile.Load, Peak = 0, Duration = TimeSpan.FromSeconds(2) }));

        Assert.Equal(2, error.Message.Split(Environment.NewLine).Length);
    }
}

using Stampede.Engine;
using Stampede.Engine.Profiles;
using Stampede.Tests.Scenarios;

namespace Stampede.Tests.Engine.Profiles;

public class ShapeScalingTests
{
    // Seven stages, 10 minutes in all, peak 50 VUs.
    private const string SevenStages = """
        options:
          baseUrl: http://127.0.0.1:9
          thresholds:
            http_req_failed:
              - { threshold: "rate<0.01", abortOnFail: true, delayAbortEval: 60s }
            http_req_duration: ["p(95)<100 over 30s"]
        scenarios:
          load:
            executor: ramping-vus
            startVUs: 0
            gracefulRampDown: 10s
            gracefulStop: 20s
            stages:
              - { duration: 60s, target: 5 }
              - { duration: 120s, target: 20 }
              - { duration: 180s, target: 20 }
              - { duration: 30s, target: 50 }
              - { duration: 90s, target: 50 }
              - { duration: 60s, target: 10 }
              - { duration: 60s, target: 0 }
            requests: [{ url: /health }]
        """;

    private static TestPlan Scale(string yaml, TimeSpan? duration = null, double? peak = null, int? maxVus = null) =>
        ShapeScaling.Apply(ScenarioTestHelpers.Parse(yaml), new ScaleOptions { Duration = duration, Peak = peak, MaxVus = maxVus });

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Apply_Duration_EveryStageShrunkByOneFactorAndLevelsKept()
    {
        var plan = Scale(SevenStages, duration: TimeSpan.FromMinutes(1));

        var executor = ScenarioTestHelpers.Executor<RampingVusConfig>(plan);
        Assert.Equal([S(6), S(12), S(18), S(3), S(9), S(6), S(6)], executor.Stages.Select(s => s.Duration));
        Assert.Equal([5d, 20, 20, 50, 50, 10, 0], executor.Stages.Select(s => s.Target));
        Assert.Equal(TimeSpan.FromMinutes(1), ShapeScaling.Length(plan));
    }

    [Fact]
    public void Apply_Duration_GracefulTimesAndThresholdWindowsStayDelayAbortEvalScales()
    {
        var plan = Scale(SevenStages, duration: TimeSpan.FromMinutes(1));

        var executor = ScenarioTestHelpers.Executor<RampingVusConfig>(plan);
        Assert.Equal((S(10), S(20)), (executor.GracefulRampDown, executor.GracefulStop));
        Assert.Equal(S(6), plan.Thresholds.Single(t => t.AbortOnFail).DelayAbortEval);
        Assert.Equal(S(30), plan.Thresholds.Single(t => t.Window is not null).Window);
    }

    [Fact]
    public void Apply_Peak_LevelsScaledRoundedZeroStaysZeroNonZeroAtLeastOne()
    {
        var plan = Scale(SevenStages, peak: 5);

        var executor = ScenarioTestHelpers.Executor<RampingVusConfig>(plan);
        Assert.Equal([1d, 2, 2, 5, 5, 1, 0], executor.Stages.Select(s => s.Target));
        Assert.Equal(0, executor.StartVus);
        Assert.Equal(S(60), executor.Stages[0].Duration);
        Assert.Equal(5, ShapeScaling.Peak(plan));
    }

    [Fact]
    public void Peak_OverlappingScenariosAddUpSequentialOnesDoNot()
    {
        const string yaml = """
            options: { baseUrl: http://127.0.0.1:9 }
            scenarios:
              a: { executor: constant-vus, vus: 10, duration: 60s, requests: [{ url: / }] }
              b: { executor: constant-vus, vus: 4, duration: 30s, startTime: 30s, requests: [{ url: / }] }
              c: { executor: constant-vus, vus: 12, duration: 30s, startTime: 60s, requests: [{ url: / }] }
            """;

        var plan = ScenarioTestHelpers.Parse(yaml);

        Assert.Equal(14, ShapeScaling.Peak(plan));
        Assert.Equal(S(90), ShapeScaling.Length(plan));
    }

    [Fact]
    public void Apply_DurationWithStartTimes_TimelineKeepsItsProportions()
    {
        const string yaml = """
            options: { baseUrl: http://127.0.0.1:9 }
            scenarios:
              a: { executor: constant-arrival-rate, rate: 100, duration: 60s, preAllocatedVUs: 5, maxVUs: 50, requests: [{ url: / }] }
              b: { executor: constant-arrival-rate, rate: 300, duration: 30s, startTime: 60s, preAllocatedVUs: 5, maxVUs: 50, requests: [{ url: / }] }
            """;

        var plan = Scale(yaml, duration: S(9));

        var (a, b) = (ScenarioTestHelpers.Executor<ConstantArrivalRateConfig>(plan), ScenarioTestHelpers.Executor<ConstantArrivalRateConfig>(plan, 1));
        Assert.Equal((TimeSpan.Zero, S(6)), (a.StartTime, a.Duration));
        Assert.Equal((S(6), S(3)), (b.StartTime, b.Duration));
        Assert.Equal((100d, 300d), (a.Rate, b.Rate));
    }

    [Fact]
    public void Apply_PeakForAnOpenModelPlan_RatesScaledVuPoolGrowsOnlyUpward()
    {
        const string yaml = """
            options: { baseUrl: http://127.0.0.1:9 }
            scenarios:
              ramp:
                executor: ramping-arrival-rate
                startRate: 10
                timeUnit: 1m
                preAllocatedVUs: 10
                maxVUs: 40
                stages: [{ duration: 1m, target: 6000 }, { duration: 1m, target: 0 }]
                requests: [{ url: / }]
            """;

        var down = ScenarioTestHelpers.Executor<RampingArrivalRateConfig>(Scale(yaml, peak: 50));
        var up = ScenarioTestHelpers.Executor<RampingArrivalRateConfig>(Scale(yaml, peak: 400));
        var capped = ScenarioTestHelpers.Executor<RampingArrivalRateConfig>(Scale(yaml, peak: 400, maxVus: 8));

        Assert.Equal((5d, 3000d, 0d), (down.StartRate, down.Stages[0].Target, down.Stages[1].Target));
        Assert.Equal((10, 40), (down.PreAllocatedVUs, down.MaxVUs));
        Assert.Equal((24000d, 40, 160), (up.Stages[0].Target, up.PreAllocatedVUs, up.MaxVUs));
        Assert.Equal((8, 8), (capped.PreAllocatedVUs, capped.MaxVUs));
        Assert.Equal(TimeSpan.FromMinutes(1), down.TimeUnit);
    }

    [Fact]
    public void Apply_IterationScenarios_VusScaledTimelineUntouched()
    {
        const string yaml = """
            options: { baseUrl: http://127.0.0.1:9 }
            scenarios:
              once: { executor: per-vu-iterations, vus: 4, iterations: 3, maxDuration: 2m, requests: [{ url: / }] }
              load: { executor: constant-vus, vus: 16, duration: 60s, requests: [{ url: / }] }
            """;

        var plan = Scale(yaml, duration: S(30), peak: 10);

        var once = ScenarioTestHelpers.Executor<PerVuIterationsConfig>(plan);
        Assert.Equal((2, 3L, TimeSpan.FromMinutes(2)), (once.Vus, once.Iterations, once.MaxDurationLimit));
        Assert.Equal(new ConstantVusConfig(8, S(30)), ScenarioTestHelpers.Executor<ConstantVusConfig>(plan, 1));
    }

    [Fact]
    public void Validate_MixedModelsNothingTimedAndTooShort_EachSaysWhy()
    {
        const string mixed = """
            options: { baseUrl: http://127.0.0.1:9 }
            scenarios:
              closed: { executor: constant-vus, vus: 2, duration: 10s, requests: [{ url: / }] }
              open: { executor: constant-arrival-rate, rate: 5, duration: 10s, preAllocatedVUs: 1, requests: [{ url: / }] }
            """;
        const string untimed = """
            options: { baseUrl: http://127.0.0.1:9 }
            scenarios:
              once: { executor: shared-iterations, vus: 2, iterations: 10, requests: [{ url: / }] }
            """;

        var errors = ShapeScaling.Validate(ScenarioTestHelpers.Parse(mixed), new ScaleOptions { Peak = 10 });
        var nothing = ShapeScaling.Validate(ScenarioTestHelpers.Parse(untimed), new ScaleOptions { Duration = S(10), MaxVus = 5 });
        var tooShort = ShapeScaling.Validate(ScenarioTestHelpers.Parse(SevenStages), new ScaleOptions { Duration = TimeSpan.FromMilliseconds(5) });

        Assert.Equal("--peak: the plan mixes closed-model scenarios (VUs: closed) and open-model ones (iterations/s: open), " +
            "so one peak cannot scale both; use --profile, or edit the file", Assert.Single(errors));
        Assert.Equal(2, nothing.Count);
        Assert.StartsWith("--duration: the plan has nothing timed to shorten", nothing[0], StringComparison.Ordinal);
        Assert.StartsWith("--max-vus: applies to arrival-rate scenarios", nothing[1], StringComparison.Ordinal);
        Assert.Equal("--duration 5ms: scenario `load` would have a stage of 30s shrunk below 1ms; give a longer duration", Assert.Single(tooShort));
        Assert.Throws<InvalidInputException>(() => Scale(mixed, peak: 10));
    }

    [Fact]
    public void Apply_NothingAsked_PlanUnchanged()
    {
        var plan = ScenarioTestHelpers.Parse(SevenStages);

        var same = ShapeScaling.Apply(plan, new ScaleOptions());

        Assert.Same(plan, same);
    }
}

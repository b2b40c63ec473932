using Stampede.Engine;
using static Stampede.Tests.Scenarios.ScenarioTestHelpers;

namespace Stampede.Tests.Scenarios;

public class ScenarioLoaderExecutorTests
{
    private const string Requests = "\n    requests: [{ url: http://127.0.0.1:5080/health }]";

    [Fact]
    public void Parse_ConstantVus_MapsEveryField()
    {
        var plan = Parse("""
            scenarios:
              browse:
                executor: constant-vus
                vus: 10
                duration: 30s
                startTime: 5s
                gracefulStop: 10s
                tags: { team: web }
            """ + Requests);

        var scenario = Assert.Single(plan.Scenarios);
        Assert.Equal("browse", scenario.Name);
        var config = Executor<ConstantVusConfig>(plan);
        Assert.Equal(10, config.Vus);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Duration);
        Assert.Equal(TimeSpan.FromSeconds(5), config.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(10), config.GracefulStop);
        Assert.Equal("web", scenario.Tags["team"]);
    }

    [Fact]
    public void Parse_ConstantVusMinimal_UsesK6Defaults()
    {
        var config = Executor<ConstantVusConfig>(Parse("""
            scenarios:
              s:
                executor: constant-vus
                duration: 1m
            """ + Requests));

        Assert.Equal(1, config.Vus);
        Assert.Equal(TimeSpan.Zero, config.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(30), config.GracefulStop);
    }

    [Fact]
    public void Parse_RampingVus_MapsStagesAndRampDown()
    {
        var config = Executor<RampingVusConfig>(Parse("""
            scenarios:
              ramp:
                executor: ramping-vus
                startVUs: 2
                gracefulRampDown: 5s
                stages:
                  - { duration: 10s, target: 20 }
                  - duration: 1m30s
                    target: 0
            """ + Requests));

        Assert.Equal(2, config.StartVus);
        Assert.Equal(TimeSpan.FromSeconds(5), config.GracefulRampDown);
        Assert.Equal([new Stage(TimeSpan.FromSeconds(10), 20), new Stage(TimeSpan.FromSeconds(90), 0)], config.Stages);
    }

    [Fact]
    public void Parse_RampingVusMinimal_UsesK6Defaults()
    {
        var config = Executor<RampingVusConfig>(Parse("""
            scenarios:
              ramp:
                executor: ramping-vus
                stages: [{ duration: 10s, target: 5 }]
            """ + Requests));

        Assert.Equal(1, config.StartVus);
        Assert.Equal(TimeSpan.FromSeconds(30), config.GracefulRampDown);
    }

    [Fact]
    public void Parse_ExternallyControlled_MapsFieldsMaxVusDefaultsToVus()
    {
        var full = Executor<ExternallyControlledConfig>(Parse("""
            scenarios:
              s:
                executor: externally-controlled
                vus: 0
                maxVUs: 50
                duration: 10m
            """ + Requests));
        var minimal = Executor<ExternallyControlledConfig>(Parse("""
            scenarios:
              s:
                executor: externally-controlled
                vus: 7
                duration: 1m
            """ + Requests));

        Assert.Equal(new ExternallyControlledConfig(0, 50, TimeSpan.FromMinutes(10)), full);
        Assert.Equal((7, 7), (minimal.Vus, minimal.MaxVus));
        Assert.Equal(50, full.PeakVus);
    }

    [Fact]
    public void Parse_ExternallyControlledMaxVusBelowVus_Refused()
    {
        var errors = Errors("""
            scenarios:
              s:
                executor: externally-controlled
                vus: 10
                maxVUs: 5
                duration: 1m
            """ + Requests);

        Assert.Contains(errors, e => e.Message.Contains("maxVUs (5) must be at least vus (10)", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_PerVuIterations_MapsFieldsAndDefaults()
    {
        var plan = Parse("""
            scenarios:
              full:
                executor: per-vu-iterations
                vus: 4
                iterations: 25
                maxDuration: 2m
                requests: [{ url: http://127.0.0.1:5080/ }]
              minimal:
                executor: per-vu-iterations
                requests: [{ url: http://127.0.0.1:5080/ }]
            """);

        var full = Executor<PerVuIterationsConfig>(plan, 0);
        Assert.Equal((4, 25L, TimeSpan.FromMinutes(2)), (full.Vus, full.Iterations, full.MaxDurationLimit));
        var minimal = Executor<PerVuIterationsConfig>(plan, 1);
        Assert.Equal((1, 1L, TimeSpan.FromMinutes(10)), (minimal.Vus, minimal.Iterations, minimal.MaxDurationLimit));
    }

    [Fact]
    public void Parse_SharedIterations_MapsFieldsAndDefaults()
    {
        var plan = Parse("""
            scenarios:
              full:
                executor: shared-iterations
                vus: 8
                iterations: 1000
                maxDuration: 90s
                requests: [{ url: http://127.0.0.1:5080/ }]
              minimal:
                executor: shared-iterations
                requests: [{ url: http://127.0.0.1:5080/ }]
            """);

        var full = Executor<SharedIterationsConfig>(plan, 0);
        Assert.Equal((8, 1000L, TimeSpan.FromSeconds(90)), (full.Vus, full.Iterations, full.MaxDurationLimit));
        var minimal = Executor<SharedIterationsConfig>(plan, 1);
        Assert.Equal((1, 1L, TimeSpan.FromMinutes(10)), (minimal.Vus, minimal.Iterations, minimal.MaxDurationLimit));
    }

    [Fact]
    public void Parse_ConstantArrivalRate_MapsFieldsAndDefaultsMaxVusToPreAllocated()
    {
        var plan = Parse("""
            scenarios:
              explicit:
                executor: constant-arrival-rate
                rate: 50
                timeUnit: 100ms
                duration: 20s
                preAllocatedVUs: 10
                maxVUs: 40
                requests: [{ url: http://127.0.0.1:5080/ }]
              defaults:
                executor: constant-arrival-rate
                rate: 200
                duration: 1m
                preAllocatedVUs: 30
                requests: [{ url: http://127.0.0.1:5080/ }]
            """);

        var explicitConfig = Executor<ConstantArrivalRateConfig>(plan, 0);
        Assert.Equal((50d, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20), 10, 40),
            (explicitConfig.Rate, explicitConfig.TimeUnit, explicitConfig.Duration, explicitConfig.PreAllocatedVUs, explicitConfig.MaxVUs));
        var defaults = Executor<ConstantArrivalRateConfig>(plan, 1);
        Assert.Equal((200d, TimeSpan.FromSeconds(1), 30, 30), (defaults.Rate, defaults.TimeUnit, defaults.PreAllocatedVUs, defaults.MaxVUs));
    }

    [Fact]
    public void Parse_RateWithUnit_SetsTimeUnit()
    {
        var config = Executor<ConstantArrivalRateConfig>(Parse("""
            scenarios:
              s:
                executor: constant-arrival-rate
                rate: 60/m
                duration: 5m
                preAllocatedVUs: 2
            """ + Requests));

        Assert.Equal((60d, TimeSpan.FromMinutes(1)), (config.Rate, config.TimeUnit));
    }

    [Fact]
    public void Parse_RampingArrivalRate_MapsFieldsAndDefaults()
    {
        var plan = Parse("""
            scenarios:
              full:
                executor: ramping-arrival-rate
                startRate: 5
                timeUnit: 1m
                preAllocatedVUs: 3
                maxVUs: 9
                stages: [{ duration: 30s, target: 12.5 }, { duration: 1m, target: 0 }]
                requests: [{ url: http://127.0.0.1:5080/ }]
              minimal:
                executor: ramping-arrival-rate
                preAllocatedVUs: 4
                stages: [{ duration: 30s, target: 100 }]
                requests: [{ url: http://127.0.0.1:5080/ }]
            """);

        var full = Executor<RampingArrivalRateConfig>(plan, 0);
        Assert.Equal((5d, TimeSpan.FromMinutes(1), 3, 9), (full.StartRate, full.TimeUnit, full.PreAllocatedVUs, full.MaxVUs));
        Assert.Equal([new Stage(TimeSpan.FromSeconds(30), 12.5), new Stage(TimeSpan.FromMinutes(1), 0)], full.Stages);
        var minimal = Executor<RampingArrivalRateConfig>(plan, 1);
        Assert.Equal((0d, TimeSpan.FromSeconds(1), 4, 4), (minimal.StartRate, minimal.TimeUnit, minimal.PreAllocatedVUs, minimal.MaxVUs));
    }

    [Fact]
    public void Parse_SeveralScenarios_KeepsFileOrderAndNames()
    {
        var plan = Parse("""
            scenarios:
              first:
                executor: constant-vus
                duration: 10s
                requests: [{ url: http://127.0.0.1:5080/a }]
              second:
                executor: shared-iterations
                iterations: 5
                startTime: 10s
                requests: [{ url: http://127.0.0.1:5080/b }]
              third:
                executor: constant-arrival-rate
                rate: 10
                duration: 10s
                preAllocatedVUs: 1
                requests: [{ url: http://127.0.0.1:5080/c }]
            """);

        Assert.Equal(["first", "second", "third"], plan.Scenarios.Select(s => s.Name));
        Assert.Equal(TimeSpan.FromSeconds(10), plan.Scenarios[1].Executor.StartTime);
        Assert.Empty(plan.Validate());
    }
}

using Stampede.Engine;
using Stampede.Scenarios;

namespace Stampede.Tests.Scenarios;

internal static class ScenarioTestHelpers
{
    public static TestPlan Parse(string yaml, string? baseDirectory = null) =>
        ScenarioLoader.Parse(yaml, "test.yaml", new ScenarioLoadOptions { BaseDirectory = baseDirectory ?? Path.GetTempPath() });

    public static IReadOnlyList<ScenarioError> Errors(string yaml, string? baseDirectory = null)
    {
        var ex = Assert.Throws<ScenarioValidationException>(() => Parse(yaml, baseDirectory));
        Assert.NotEmpty(ex.Errors);
        Assert.Equal(string.Join('\n', ex.Errors), ex.Message);
        return ex.Errors;
    }

    public static ScenarioError Single(IReadOnlyList<ScenarioError> errors, string fragment) =>
        Assert.Single(errors, e => e.ToString().Contains(fragment, StringComparison.Ordinal));

    public static T Executor<T>(TestPlan plan, int index = 0)
        where T : ExecutorConfig => Assert.IsType<T>(plan.Scenarios[index].Executor);
}

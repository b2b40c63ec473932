using Stampede.Results;

namespace Stampede.Analysis;

/// <summary>Works out the <see cref="Finding"/>s of a run from its results.</summary>
public static class RunAnalysis
{
    /// <summary>The findings of <paramref name="result"/>, most important first; empty when nothing stands out.</summary>
    public static IReadOnlyList<Finding> Findings(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [];
    }
}

using System.Runtime.CompilerServices;

namespace Stampede.Scenarios.Flow;

/// <summary>One step of a scenario's flow, compiled at load. Steps never throw for request failures.</summary>
internal abstract class Step(string path)
{
    /// <summary>Where the step is in the file (<c>scenarios.checkout.flow[2]</c>), for <c>smoke</c> output.</summary>
    public string Path { get; } = path;

    /// <summary>Runs the step; false when the iteration must stop (the run is stopping).</summary>
    public abstract ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="steps"/> in order; false as soon as one says stop.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<bool> RunAllAsync(Step[] steps, FlowState state, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            if (cancellationToken.IsCancellationRequested || !await step.RunAsync(state, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}

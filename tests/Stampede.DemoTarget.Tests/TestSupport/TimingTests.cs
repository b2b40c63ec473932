namespace Stampede.DemoTarget.Tests.TestSupport;

/// <summary>
/// Tests that measure latency run alone, after the parallel ones, so this project's own tests do not
/// compete with them for the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingTests
{
    public const string Name = "Timing";
}

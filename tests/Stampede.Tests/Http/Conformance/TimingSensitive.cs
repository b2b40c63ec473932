namespace Stampede.Tests.Http.Conformance;

/// <summary>
/// Conformance cases whose outcome depends on a deadline: they run alone, so a busy machine (two cores,
/// megabyte bodies in other classes) cannot push a response past a short timeout.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Conformance timing";
}

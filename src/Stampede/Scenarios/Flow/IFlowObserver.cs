using Stampede.Http;

namespace Stampede.Scenarios.Flow;

/// <summary>What a flow did, step by step, for <c>stampede smoke</c>. Never called during normal runs.</summary>
public interface IFlowObserver
{
    /// <summary>A request finished; <paramref name="checks"/> and <paramref name="extracted"/> are its own.</summary>
    void OnRequest(string path, HttpRequestDefinition request, in HttpExchange exchange,
        IReadOnlyList<CheckOutcome> checks, IReadOnlyList<KeyValuePair<string, string?>> extracted);

    /// <summary>A standalone check or extract step ran on the last response.</summary>
    void OnChecks(string path, IReadOnlyList<CheckOutcome> checks, IReadOnlyList<KeyValuePair<string, string?>> extracted);

    /// <summary>A step that is not a request ran (think, set, group…); <paramref name="detail"/> says what it did.</summary>
    void OnStep(string path, string detail);
}

/// <summary>One check's result: its name, whether it passed and, when it failed, what was found.</summary>
public sealed record CheckOutcome(string Name, bool Passed, string? Observed);

namespace Stampede.Scenarios;

/// <summary>
/// A scenario file cannot be used. <see cref="Errors"/> lists every problem found, each with its
/// position; the message holds them all, one per line, so printing it is enough.
/// </summary>
public sealed class ScenarioValidationException : Exception
{
    /// <summary>Creates the exception with no errors.</summary>
    public ScenarioValidationException()
        : this("the scenario file is not valid")
    {
    }

    /// <summary>Creates the exception with a message and no positioned errors.</summary>
    public ScenarioValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message, the cause and no positioned errors.</summary>
    public ScenarioValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception from the errors found; the message lists them one per line.</summary>
    public ScenarioValidationException(IReadOnlyList<ScenarioError> errors)
        : base(string.Join('\n', errors ?? throw new ArgumentNullException(nameof(errors))))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<ScenarioError> Errors { get; }
}

namespace Stampede.Analysis;

/// <summary>How much a <see cref="Finding"/> should worry the reader.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing; not a problem by itself.</summary>
    Info,

    /// <summary>The target or the measurement has a problem the reader should look at.</summary>
    Warning,
}

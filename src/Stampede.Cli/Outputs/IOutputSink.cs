using Stampede.Engine;

namespace Stampede.Cli.Outputs;

/// <summary>
/// An output fed live during a run (<c>--out KIND=TARGET</c>): a sink that never blocks the collector, drains when
/// disposed after the run, and then says what went wrong (what it dropped, why it stopped) without failing the run.
/// </summary>
internal interface IOutputSink : ISink, IAsyncDisposable
{
    /// <summary>What the output has to report once disposed (dropped intervals, a failed write); empty when all went well.</summary>
    IReadOnlyList<string> Warnings { get; }
}

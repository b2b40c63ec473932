using BenchmarkDotNet.Configs;

namespace Stampede.Benchmarks.Scenarios;

/// <summary>Adds the <see cref="ProducedBytesColumn"/> to a benchmark class: <c>[Config(typeof(ProducedBytesConfig))]</c>.</summary>
public sealed class ProducedBytesConfig : ManualConfig
{
    /// <summary>The default configuration plus the column.</summary>
    public ProducedBytesConfig() => AddColumn(new ProducedBytesColumn());
}

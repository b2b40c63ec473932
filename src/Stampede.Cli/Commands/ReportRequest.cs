namespace Stampede.Cli.Commands;

/// <summary>A report asked for with <c>--report FORMAT=PATH</c>, written after the run.</summary>
/// <param name="Format">A checked format name (<c>junit</c>, <c>hist[0,10ms]</c>…).</param>
/// <param name="Path">Where it goes; for <c>csv</c>, the prefix of the three files.</param>
internal sealed record ReportRequest(string Format, string Path);

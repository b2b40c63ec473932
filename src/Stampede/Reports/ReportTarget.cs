namespace Stampede.Reports;

/// <summary>A report to write after a run: <c>--report FORMAT=PATH</c> or an entry of <c>options.reports</c>.</summary>
/// <param name="Format">A checked format name (<c>junit</c>, <c>hist[0,10ms]</c>…), see <see cref="ReportFormats"/>.</param>
/// <param name="Path">Where it goes, relative to the current directory; for <c>csv</c>, the prefix of the three files.</param>
public sealed record ReportTarget(string Format, string Path);

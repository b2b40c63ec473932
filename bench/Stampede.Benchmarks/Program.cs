using BenchmarkDotNet.Running;
using Stampede.Benchmarks.Reports;
using Stampede.Results;

// `write-hour PATH` writes the synthetic one-hour results file the HTML report is timed on (docs/performance.md).
if (args is ["write-hour", var path])
{
    ResultsFile.Write(HourOfResults.Build(), path);
    return;
}

// `time-html PATH` times reading a results file and rendering its HTML report, separately, three times each.
if (args is ["time-html", var results])
{
    for (var round = 1; round <= 3; round++)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = ResultsFile.Read(results);
        var read = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var html = Stampede.Reports.HtmlReport.Render(run);
        Console.WriteLine($"round {round}: read {read:0} ms, render {clock.Elapsed.TotalMilliseconds:0} ms, {html.Length / 1024} KB");
    }

    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

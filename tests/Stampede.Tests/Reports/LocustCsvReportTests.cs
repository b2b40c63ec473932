using System.Globalization;
using Stampede.Reports;
using Stampede.Tests.Results;

namespace Stampede.Tests.Reports;

public sealed class LocustCsvReportTests
{
    // Copied from locustio/locust locust/stats.py (2.x): StatsCSV.requests_csv_columns + get_readable_percentiles(
    // PERCENTILES_TO_REPORT), StatsCSVFileWriter.stats_history_csv_columns and StatsCSV.failures_columns.
    private static readonly string[] LocustPercentiles = ["50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%"];

    private static readonly string[] LocustStats =
    [
        "Type", "Name", "Request Count", "Failure Count", "Median Response Time", "Average Response Time", "Min Response Time",
        "Max Response Time", "Average Content Size", "Requests/s", "Failures/s", .. LocustPercentiles,
    ];

    private static readonly string[] LocustHistory =
    [
        "Timestamp", "User Count", "Type", "Name", "Requests/s", "Failures/s", .. LocustPercentiles, "Total Request Count",
        "Total Failure Count", "Total Median Response Time", "Total Average Response Time", "Total Min Response Time",
        "Total Max Response Time", "Total Average Content Size",
    ];

    private static readonly string[] LocustFailures = ["Method", "Name", "Error", "Occurrences"];

    [Fact]
    public void Headers_AsPythonCsvWriterWritesLocustsColumns_AreByteIdentical()
    {
        var result = ReportSamples.Known();

        Assert.Equal(Row(LocustStats), FirstLine(w => LocustCsvReport.WriteStats(result, w)));
        Assert.Equal(Row(LocustHistory), FirstLine(w => LocustCsvReport.WriteHistory(result, w)));
        Assert.Equal(Row(LocustFailures), FirstLine(w => LocustCsvReport.WriteFailures(result, w)));
    }

    [Fact]
    public void WriteStats_KnownLatencies_RowPerNameThenAggregatedInMilliseconds()
    {
        var rows = Table(w => LocustCsvReport.WriteStats(ReportSamples.Known(), w));

        Assert.Equal(2, rows.Count);
        var home = rows[0];
        Assert.Equal("GET", home["Type"]);
        Assert.Equal("home", home["Name"]);
        Assert.Equal("100", home["Request Count"]);
        Assert.Equal("0", home["Failure Count"]);
        Assert.Equal("0.5", home["Min Response Time"]);
        Assert.Equal(200.0, double.Parse(home["Max Response Time"], CultureInfo.InvariantCulture), 0.2);
        Assert.Equal(50.0, double.Parse(home["Requests/s"], CultureInfo.InvariantCulture));

        // 10 at 0.5ms, 20 at 5ms, 30 at 20ms, 40 at 200ms: the 50th value is 20 ms, the 66th 200 ms.
        Assert.Equal("20", home["50%"]);
        Assert.Equal("200", home["66%"]);
        Assert.Equal("200", home["100%"]);
        Assert.Equal(((10 * 0.5) + (20 * 5) + (30 * 20) + (40 * 200)) / 100.0, double.Parse(home["Average Response Time"], CultureInfo.InvariantCulture), 3);
        var total = rows[1];
        Assert.Equal("", total["Type"]);
        Assert.Equal("Aggregated", total["Name"]);
        Assert.Equal("100", total["Request Count"]);
    }

    [Fact]
    public void WriteHistory_TwoIntervals_RowPerSecondWithThatSecondsRateAndRunningTotals()
    {
        var result = ReportSamples.Known();
        var rows = Table(w => LocustCsvReport.WriteHistory(result, w));

        Assert.Equal(4, rows.Count);
        Assert.Equal(["home", "Aggregated", "home", "Aggregated"], rows.Select(r => r["Name"]));
        Assert.Equal(result.Series[0].Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), rows[0]["Timestamp"]);
        Assert.Equal("30.000000", rows[0]["Requests/s"]);
        Assert.Equal("70.000000", rows[2]["Requests/s"]);
        Assert.Equal("5", rows[1]["100%"]);
        Assert.Equal("200", rows[3]["100%"]);
        Assert.Equal(["30", "30", "100", "100"], rows.Select(r => r["Total Request Count"]));
        Assert.Equal("2", rows[0]["User Count"]);
    }

    [Fact]
    public void WriteFailures_FailedRequests_RowPerMethodNameAndStatus()
    {
        var rows = Table(w => LocustCsvReport.WriteFailures(SampleResults.Rich(), w));

        var row = Assert.Single(rows);
        Assert.Equal(("POST", "decrypt", "HTTP 503", "1000"), (row["Method"], row["Name"], row["Error"], row["Occurrences"]));
    }

    [Fact]
    public void WriteStats_NameWithCommaAndQuote_QuotedAsPythonsCsvWriterQuotesIt()
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);

        LocustCsvReport.WriteStats(ReportSamples.Known("/search?q=a,\"b\""), text);

        Assert.StartsWith("GET,\"/search?q=a,\"\"b\"\"\",100,0,", text.ToString().Split("\r\n")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFiles_Prefix_WritesTheThreeLocustFileNames()
    {
        var folder = Directory.CreateTempSubdirectory("stampede-csv-").FullName;
        try
        {
            var written = LocustCsvReport.WriteFiles(ReportSamples.Known(), Path.Combine(folder, "run"));

            Assert.Equal(["run_stats.csv", "run_stats_history.csv", "run_failures.csv"], written.Select(Path.GetFileName));
            Assert.StartsWith(Row(LocustStats), File.ReadAllText(written[0]), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Row(string[] columns) => string.Join(',', columns) + "\r\n";

    private static string FirstLine(Action<TextWriter> write)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        write(text);
        var all = text.ToString();
        return all[..(all.IndexOf("\r\n", StringComparison.Ordinal) + 2)];
    }

    // Data rows keyed by the header; the fields in these tests hold no quotes or commas.
    private static List<Dictionary<string, string>> Table(Action<TextWriter> write)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        write(text);
        var lines = text.ToString().Split("\r\n");
        Assert.Equal("", lines[^1]);
        var header = lines[0].Split(',');
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines[1..^1])
        {
            var fields = line.Split(',');
            Assert.Equal(header.Length, fields.Length);
            rows.Add(header.Zip(fields).ToDictionary(p => p.First, p => p.Second));
        }

        return rows;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Stampede.Cli.Tests;

/// <summary>wrk (Debian package <c>wrk</c>), the reference a measurement is compared with.</summary>
internal static partial class Wrk
{
    /// <summary>Runs wrk with one thread and returns its median latency in µs.</summary>
    public static async Task<double> MedianMicrosAsync(string url, int connections, TimeSpan duration)
    {
        var info = new ProcessStartInfo("wrk", ["-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("this test compares with wrk; install it with 'apt-get install wrk' (.ci/run does)", ex);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var match = Median().Match(output);
            Assert.True(match.Success, "wrk printed no median: " + output);
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            return match.Groups["unit"].Value switch
            {
                "us" => value,
                "ms" => value * 1000,
                "s" => value * 1_000_000,
                var unit => throw new FormatException("unknown wrk unit " + unit),
            };
        }
    }

    [GeneratedRegex(@"^\s+50%\s+(?<value>[\d.]+)(?<unit>us|ms|s)\s*$", RegexOptions.Multiline)]
    private static partial Regex Median();
}

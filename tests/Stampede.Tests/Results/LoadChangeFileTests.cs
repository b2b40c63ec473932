using System.Text.Json.Nodes;
using Stampede.Reports;
using Stampede.Reports.Html;
using Stampede.Results;

namespace Stampede.Tests.Results;

public class LoadChangeFileTests
{
    private static readonly LoadChange[] Steered =
    [
        new(TimeSpan.FromMilliseconds(12_345), "s", LoadChange.Vus, 10, 50),
        new(TimeSpan.FromMilliseconds(12_345), "s", LoadChange.SpawnRate, 0, 2.5),
        new(TimeSpan.FromMilliseconds(40_100), "s", LoadChange.Rate, 100, 0),
        new(TimeSpan.FromSeconds(61), "s", LoadChange.MaxVus, 20, 40),
    ];

    [Fact]
    public void Serialize_Changes_WrittenInSecondsAndReadBackEqual()
    {
        var result = new MergePart(MergePart.T0, 2) { Changes = Steered }.Requests(0, 100).Build();

        var text = ResultsFile.Serialize(result);
        var copy = ResultsFile.Deserialize(text);

        var changes = JsonNode.Parse(text)!["changes"]!.AsArray();
        Assert.Equal(4, changes.Count);
        Assert.Equal(12.345, changes[0]!["at"]!.GetValue<double>());
        Assert.Equal("vus", changes[0]!["setting"]!.GetValue<string>());
        Assert.Equal(10, changes[0]!["from"]!.GetValue<double>());
        Assert.Equal(50, changes[0]!["to"]!.GetValue<double>());
        Assert.Equal("s", changes[0]!["scenario"]!.GetValue<string>());
        Assert.Equal(Steered, copy.Changes);
        RunResultAssert.Equal(result, copy);
    }

    [Fact]
    public void Serialize_NoChanges_OmitsTheSection()
    {
        var result = new MergePart(MergePart.T0, 1).Requests(0, 100).Build();

        var json = JsonNode.Parse(ResultsFile.Serialize(result))!.AsObject();

        Assert.False(json.ContainsKey("changes"));
        Assert.Empty(ResultsFile.Deserialize(ResultsFile.Serialize(result)).Changes);
    }

    [Fact]
    public void Deserialize_UnknownSetting_NamesThePathAndTheSettingsAllowed()
    {
        var json = JsonNode.Parse(ResultsFile.Serialize(new MergePart(MergePart.T0, 1) { Changes = Steered }.Build()))!;
        json["changes"]![1]!["setting"] = "users";

        var error = Assert.ThrowsAny<Exception>(() => ResultsFile.Deserialize(json.ToJsonString()));

        Assert.Contains("changes[1].setting", error.Message, StringComparison.Ordinal);
        Assert.Contains("'users'", error.Message, StringComparison.Ordinal);
        Assert.Contains("spawnRate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ChangesOfEveryPart_OnTheMergedClockInTimeOrder()
    {
        // The second generator started 2 s later: its change at 1 s is at 3 s of the merged run.
        var first = new MergePart(MergePart.T0, 5)
        {
            Changes = [new(TimeSpan.FromSeconds(1), "s", LoadChange.Vus, 1, 2), new(TimeSpan.FromSeconds(4), "s", LoadChange.Vus, 2, 3)],
        }.Requests(0, 100).Build();
        var second = new MergePart(MergePart.T0.AddSeconds(2), 5)
        {
            Changes = [new(TimeSpan.FromSeconds(1), "s", LoadChange.Rate, 5, 10)],
        }.Requests(0, 200).Build();

        var merged = ResultsMerger.Merge([first, second]);

        Assert.Equal(
            [(1.0, "vus", 2.0), (3.0, "rate", 10.0), (4.0, "vus", 3.0)],
            merged.Changes.Select(c => (c.At.TotalSeconds, c.Setting, c.To)));
        Assert.Equal(merged.Changes, ResultsFile.Deserialize(ResultsFile.Serialize(merged)).Changes);
    }

    [Fact]
    public void Merge_StoppedAndCompleted_OutcomeStopped()
    {
        var stopped = new MergePart(MergePart.T0, 2) { Outcome = "stopped" }.Requests(0, 100).Build();
        var completed = new MergePart(MergePart.T0, 2).Requests(0, 200).Build();
        var interrupted = new MergePart(MergePart.T0, 2) { Outcome = "interrupted" }.Requests(0, 300).Build();

        Assert.Equal("stopped", ResultsMerger.Merge([completed, stopped]).Run.Outcome);
        Assert.Equal("interrupted", ResultsMerger.Merge([stopped, interrupted]).Run.Outcome);
    }

    [Fact]
    public void Render_Changes_MarkersWithTimeAndLabel()
    {
        var result = new MergePart(MergePart.T0, 2) { Changes = Steered }.Requests(0, 100).Build();

        var changes = JsonNode.Parse(HtmlChartData.Render(result))!["changes"]!.AsArray();

        Assert.Equal(
            [(12.345, "vus 10 → 50"), (12.345, "spawnRate at once → 2.5/s"), (40.1, "rate 100/s → 0/s"), (61.0, "maxVUs 20 → 40")],
            changes.Select(c => (c!["t"]!.GetValue<double>(), c["label"]!.GetValue<string>())));
    }

    [Fact]
    public void MarkdownWrite_Changes_OneLineWithClockTimes()
    {
        var result = new MergePart(MergePart.T0, 2) { Changes = Steered }.Requests(0, 100).Build();
        using var writer = new StringWriter();

        MarkdownReport.Write(result, writer);

        Assert.Contains("Load changed 4 times: 0:12 vus 10 → 50, 0:12 spawnRate at once → 2.5/s, 0:40 rate 100/s → 0/s, 1:01 maxVUs 20 → 40",
            writer.ToString(), StringComparison.Ordinal);
    }
}

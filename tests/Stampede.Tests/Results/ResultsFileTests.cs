using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HdrHistogram;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Results;

public class ResultsFileTests
{
    [Fact]
    public void Deserialize_SerializedRichResult_EqualsOriginal()
    {
        var original = SampleResults.Rich();

        var copy = ResultsFile.Deserialize(ResultsFile.Serialize(original));

        RunResultAssert.Equal(original, copy);
    }

    [Fact]
    public void Serialize_AfterRoundTrip_ByteIdentical()
    {
        var first = ResultsFile.Serialize(SampleResults.Rich());

        var second = ResultsFile.Serialize(ResultsFile.Deserialize(first));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Serialize_GermanCulture_SameTextWithInvariantNumbers()
    {
        var result = SampleResults.Rich();
        var invariant = Cultures.With(CultureInfo.InvariantCulture, () => ResultsFile.Serialize(result));

        var german = Cultures.With(new CultureInfo("de-DE"), () => ResultsFile.Serialize(result));
        var back = Cultures.With(new CultureInfo("de-DE"), () => ResultsFile.Deserialize(german));

        Assert.Equal(invariant, german);
        Assert.Contains("\"cpuPercentMean\": 37.25,", german, StringComparison.Ordinal);
        Assert.Contains("\"started\": \"2026-03-14T09:26:53.5890000+02:00\"", german, StringComparison.Ordinal);
        RunResultAssert.Equal(result, back);
    }

    [Fact]
    public void Serialize_Always_HasFormatAndTopLevelSections()
    {
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!.AsObject();

        Assert.Equal("stampede-results/1", (string?)json["format"]);
        Assert.Equal(
            ["format", "run", "metrics", "series", "accounting", "errors", "generator", "checks", "thresholds"],
            json.Select(p => p.Key));
        Assert.Equal(5, json["series"]!.AsArray().Count);
        Assert.True((bool)json["run"]!["insecure"]!);
        Assert.Equal(1, (double)json["run"]!["interval"]!);
        Assert.Equal(3, (long)json["errors"]!["counts"]!["timeout"]!);
        Assert.Equal(10_016, (long)json["accounting"]!["sent"]!);
    }

    [Fact]
    public void Serialize_TimeTrend_MillisecondsWithRawExtras()
    {
        var result = SampleResults.Rich();
        var total = result.Total(BuiltinMetrics.HttpReqDuration)!;

        var entry = JsonNode.Parse(ResultsFile.Serialize(result))!["metrics"]!["http_req_duration"]!;

        Assert.Equal("trend", (string?)entry["type"]);
        Assert.Equal(total.Mean / 1000, (double)entry["avg"]!);
        Assert.Equal(total.Min / 1000, (double)entry["min"]!);
        Assert.Equal(total.Max / 1000, (double)entry["max"]!);
        Assert.Equal(total.Percentile(50) / 1000, (double)entry["med"]!);
        Assert.Equal(total.Percentile(99.9) / 1000, (double)entry["p(99.9)"]!);
        Assert.Equal(total.Count, (long)entry["count"]!);
        Assert.Equal(total.Sum, (double)entry["sum"]!);
        Assert.Equal(total.Max, (double)entry["maxRaw"]!);
        Assert.StartsWith("HISTF", (string?)entry["histogram"], StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_PlainTrendAndCounters_RawValuesAndRatePerSecond()
    {
        var result = SampleResults.Rich();
        var metrics = JsonNode.Parse(ResultsFile.Serialize(result))!["metrics"]!;
        var payload = result.Total(SampleResults.PayloadSize)!;
        var sent = result.Total(BuiltinMetrics.DataSent)!;

        Assert.Equal(payload.Max, (double)metrics["payload_size"]!["max"]!);
        Assert.Equal("counter", (string?)metrics["data_sent"]!["type"]);
        Assert.Equal(sent.Sum, (double)metrics["data_sent"]!["count"]!);
        Assert.Equal(sent.Sum / result.Run.Duration.TotalSeconds, (double)metrics["data_sent"]!["rate"]!, 9);
        Assert.Equal(0.25, (double)metrics["http_req_failed"]!["rate"]!);
    }

    [Fact]
    public void Serialize_GaugeNeverSet_MinMaxNull()
    {
        var metrics = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!["metrics"]!;

        var gauge = metrics["cart_size{shop:none}"]!.AsObject();

        Assert.Equal(JsonValueKind.Null, gauge["min"]?.GetValueKind() ?? JsonValueKind.Null);
        Assert.True(gauge.ContainsKey("min"));
        Assert.Equal(0, (double)gauge["value"]!);
    }

    [Fact]
    public void Deserialize_OwnHistograms_KeptCompressedAsWritten()
    {
        var original = SampleResults.Rich();
        var json = JsonNode.Parse(ResultsFile.Serialize(original))!;

        var copy = ResultsFile.Deserialize(json.ToJsonString());

        var trends = copy.Series.SelectMany(s => s.Metrics.Values).Where(m => m.Metric.Type == MetricType.Trend).ToList();
        Assert.NotEmpty(trends);
        Assert.All(trends, t => Assert.False(t.HoldsCounts));
        var written = json["series"]![0]!["metrics"]!.AsObject()
            .Select(p => (string?)p.Value!["histogram"]).OfType<string>().Order(StringComparer.Ordinal);
        var kept = copy.Series[0].Metrics.Values.Where(m => m.Metric.Type == MetricType.Trend)
            .Select(m => Convert.ToBase64String(m.CompressedHistogram!.Value.Span)).Order(StringComparer.Ordinal);
        Assert.Equal(written, kept);
        RunResultAssert.Equal(original, copy);
    }

    [Fact]
    public void Deserialize_HistogramOfAnotherLayout_DecodedIntoOurs()
    {
        var other = new HdrHistogram.LongHistogram(1, 10_000_000, 2);
        other.RecordValueWithCount(1_234, 3);
        var buffer = HdrHistogram.Utilities.ByteBuffer.Allocate(other.GetNeededByteBufferCapacity());
        var length = other.EncodeIntoCompressedByteBuffer(buffer);
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        var entry = json["metrics"]!["payload_size{name:encrypt}"]!;
        entry["histogram"] = Convert.ToBase64String(bytes);
        (entry["count"], entry["minRaw"], entry["maxRaw"]) = (3, 1_234, 1_234);

        var copy = ResultsFile.Deserialize(json.ToJsonString());

        var payload = copy.Metrics.Single(m => m.Metric.Name == "payload_size" && m.Tags["name"] == "encrypt");
        Assert.Equal(3, payload.Histogram!.TotalCount);
        Assert.Equal(1_234, payload.Percentile(50));
    }

    [Fact]
    public void Deserialize_BareTotalsTampered_RebuiltFromTaggedEntries()
    {
        var original = SampleResults.Rich();
        var json = JsonNode.Parse(ResultsFile.Serialize(original))!;
        json["metrics"]!["http_req_duration"]!["count"] = 1;
        json["metrics"]!["http_reqs"]!["count"] = -5;

        var copy = ResultsFile.Deserialize(json.ToJsonString());

        RunResultAssert.Equal(original, copy);
    }

    [Fact]
    public void Deserialize_UntaggedOnlyMetric_KeptFromBareEntry()
    {
        var copy = ResultsFile.Deserialize(ResultsFile.Serialize(SampleResults.Rich()));

        var vus = Assert.Single(copy.Metrics, m => m.Metric.Name == "vus");

        Assert.Same(TagSet.Empty, vus.Tags);
        Assert.Equal(14, vus.Value);
    }

    [Fact]
    public void Deserialize_UntaggedBesideTagged_KeptAsEmptyTagSeries()
    {
        var json = ResultsFile.Serialize(SampleResults.Rich());

        var checks = ResultsFile.Deserialize(json).Metrics.Where(m => m.Metric.Name == "checks").ToList();

        Assert.Contains("\"checks{}\":", json, StringComparison.Ordinal);
        Assert.Equal(2, checks.Count);
        Assert.Equal(5, checks.Single(c => c.Tags.Count == 0).Passes);
    }

    [Fact]
    public void Deserialize_AmbiguousTagValues_RestoredFromTagsObject()
    {
        var copy = ResultsFile.Deserialize(ResultsFile.Serialize(SampleResults.Rich()));

        var awkward = copy.Metrics.Single(m => m.Metric.Name == "http_reqs" && m.Tags["url"] is not null);

        Assert.Equal("https://x/a?b=1,2", awkward.Tags["url"]);
        Assert.Equal("odd:one", awkward.Tags["name"]);
    }

    [Theory]
    [InlineData("queue_wait_time", true)]
    [InlineData("payload_size", false)]
    [InlineData("retry_time", true)]
    public void Deserialize_UnknownTrendWithoutContains_TimeBySuffix(string name, bool isTime)
    {
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        foreach (var (_, entry) in json["metrics"]!.AsObject())
        {
            entry!.AsObject().Remove("contains");
        }

        var metric = ResultsFile.Deserialize(json.ToJsonString()).Metrics.First(m => m.Metric.Name == name).Metric;

        Assert.Equal(new MetricDefinition(name, MetricType.Trend, IsTime: isTime), metric);
    }

    [Fact]
    public void Deserialize_UnknownMetrics_DefinitionsFromTypeAndContains()
    {
        var copy = ResultsFile.Deserialize(ResultsFile.Serialize(SampleResults.Rich()));

        var names = copy.Metrics.Select(m => m.Metric).Distinct().ToDictionary(m => m.Name);

        Assert.Equal(SampleResults.RetryTime, names["retry_time"]);
        Assert.Equal(SampleResults.CustomBytes, names["upload_bytes"]);
        Assert.Equal(SampleResults.CartSize, names["cart_size"]);
        Assert.Same(BuiltinMetrics.HttpReqDuration, names["http_req_duration"]);
    }

    [Fact]
    public void Deserialize_ManyIntervals_SeriesInOrder()
    {
        var original = SampleResults.Rich(intervals: 5, seed: 99);

        var copy = ResultsFile.Deserialize(ResultsFile.Serialize(original));

        Assert.Equal(original.Series.Select(s => s.Offset), copy.Series.Select(s => s.Offset));
    }

}

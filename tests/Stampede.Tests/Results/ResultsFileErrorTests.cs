using System.Text.Json.Nodes;
using Stampede.Metrics;
using Stampede.Results;

namespace Stampede.Tests.Results;

public sealed class ResultsFileErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stampede-results-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_MissingFile_NamesFile()
    {
        var path = Path.Combine(_folder, "r.json");

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Read(path));

        Assert.Equal($"{path}: file not found", error.Message);
    }

    [Fact]
    public void Deserialize_NotJson_LineAndPosition()
    {
        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize("{\n  \"format\": nope\n}", "r.json"));

        Assert.StartsWith("r.json: not valid JSON at line 2, position 14: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{\"format\":\"stampede-results/2\"}", "r.json: not a Stampede results file (format 'stampede-results/2'; expected stampede-results/1)")]
    [InlineData("{\"metrics\":{}}", "r.json: not a Stampede results file (no \"format\"; expected stampede-results/1)")]
    [InlineData("[1,2]", "r.json: not a Stampede results file (no \"format\"; expected stampede-results/1)")]
    public void Deserialize_WrongOrMissingFormat_SaysWhat(string json, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(json, "r.json"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_WrongFormatFile_NamesFile()
    {
        var path = Path.Combine(_folder, "k6.json");
        File.WriteAllText(path, "{\"metrics\":{}}");

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Read(path));

        Assert.StartsWith($"{path}: not a Stampede results file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_MissingField_NamesPath()
    {
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        json["run"]!.AsObject().Remove("started");

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(json.ToJsonString(), "r.json"));

        Assert.Equal("r.json: invalid results file: run.started: missing", error.Message);
    }

    [Fact]
    public void Deserialize_WrongType_NamesPathAndKinds()
    {
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        json["series"]![1]!["vus"] = "ten";

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(json.ToJsonString(), "r.json"));

        Assert.Equal("r.json: invalid results file: series[1].vus: expected a number, found a string", error.Message);
    }

    [Fact]
    public void Deserialize_CorruptHistogram_NamesEntry()
    {
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        json["metrics"]!["payload_size{name:encrypt}"]!["histogram"] = "HISTFAAAAAAA";

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(json.ToJsonString(), "r.json"));

        Assert.StartsWith(
            "r.json: invalid results file: metrics[\"payload_size{name:encrypt}\"].histogram: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_OwnLayoutWithCountsPastItsRange_NamesEntry()
    {
        // A sound header and zlib stream whose counts run past the last slot: only walking the counts finds it.
        var counts = new long[(Histograms.Create().BucketCount + 1) * (Histograms.Create().SubBucketCount / 2)];
        var plain = new byte[CountsV2.HeaderLength + 64];
        var layout = Histograms.Create();
        var written = CountsV2.Write(layout, counts, plain);
        plain[written++] = 2; // ZigZag LEB128 for a count of 1, after every slot
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(4), written - CountsV2.HeaderLength);
        var deflated = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(deflated, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(plain, 0, written);
        }

        var compressed = new byte[8 + deflated.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(compressed, HistogramCodec.CompressedV2Cookie);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(compressed.AsSpan(4), (int)deflated.Length);
        deflated.ToArray().CopyTo(compressed, 8);
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        json["metrics"]!["payload_size{name:encrypt}"]!["histogram"] = Convert.ToBase64String(compressed);

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(json.ToJsonString(), "r.json"));

        Assert.Equal(
            "r.json: invalid results file: metrics[\"payload_size{name:encrypt}\"].histogram: histogram has counts beyond its range",
            error.Message);
    }

    [Fact]
    public void Deserialize_CorruptIntervalHistogram_NamesEntry()
    {
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        json["series"]![2]!["metrics"]!["payload_size{name:encrypt}"]!["histogram"] = "HISTFAAAAAAA";

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(json.ToJsonString(), "r.json"));

        Assert.StartsWith(
            "r.json: invalid results file: series[2].metrics[\"payload_size{name:encrypt}\"].histogram: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_SeveralCorruptIntervals_NamesTheFirstInFileOrder()
    {
        // Intervals are read in parallel; the error must still be the one a reader going top to bottom meets first.
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        json["series"]![4]!["metrics"]!["payload_size{name:encrypt}"]!["histogram"] = "HISTFAAAAAAA";
        json["series"]![1]!["vus"] = "many";
        json["series"]![3]!["errors"]!["nonsense"] = 1;

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(json.ToJsonString(), "r.json"));

        Assert.StartsWith("r.json: invalid results file: series[1].vus: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownErrorKind_NamesIt()
    {
        var json = JsonNode.Parse(ResultsFile.Serialize(SampleResults.Rich()))!;
        json["errors"]!["counts"]!["gremlins"] = 2;

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Deserialize(json.ToJsonString(), "r.json"));

        Assert.Equal("r.json: invalid results file: errors.counts.gremlins: unknown error kind 'gremlins'", error.Message);
    }

    [Fact]
    public void Write_ExistingFile_ReplacedWithoutTempLeft()
    {
        var path = Path.Combine(_folder, "r.json");
        File.WriteAllText(path, "old");
        var result = SampleResults.Rich();

        ResultsFile.Write(result, path);

        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.Equal(ResultsFile.Serialize(result), File.ReadAllText(path));
        RunResultAssert.Equal(result, ResultsFile.Read(path));
    }

    [Fact]
    public async Task WriteAsync_NewFile_ReadsBackEqual()
    {
        var path = Path.Combine(_folder, "r.json");
        var result = SampleResults.Rich();

        await ResultsFile.WriteAsync(result, path);

        Assert.Equal([path], Directory.GetFiles(_folder));
        RunResultAssert.Equal(result, ResultsFile.Read(path));
    }

    [Fact]
    public void Write_MissingFolder_InvalidInputNamingPath()
    {
        var path = Path.Combine(_folder, "missing", "r.json");

        var error = Assert.Throws<InvalidInputException>(() => ResultsFile.Write(SampleResults.Rich(), path));

        Assert.Equal($"{path}: the folder does not exist", error.Message);
    }

    [Fact]
    public void Read_Utf8BomFile_Reads()
    {
        var path = Path.Combine(_folder, "r.json");
        var result = SampleResults.Rich();
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(ResultsFile.Serialize(result))]);

        RunResultAssert.Equal(result, ResultsFile.Read(path));
    }
}

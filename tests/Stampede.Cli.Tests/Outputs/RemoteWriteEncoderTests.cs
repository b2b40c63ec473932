using Snappier;
using Stampede.Cli.Outputs;

namespace Stampede.Cli.Tests.Outputs;

public class RemoteWriteEncoderTests
{
    [Fact]
    public void Add_OneSampleWithoutLabels_EncodesTheWriteRequestBytes()
    {
        var encoder = new RemoteWriteEncoder();

        encoder.Add("up", [], null, 1.0, 1000);

        byte[] expected =
        [
            0x0A, 0x1E, // WriteRequest.timeseries (30 bytes)
            0x0A, 0x0E, // TimeSeries.labels (14 bytes)
            0x0A, 0x08, .. "__name__"u8, 0x12, 0x02, .. "up"u8,
            0x12, 0x0C, // TimeSeries.samples (12 bytes)
            0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, // value 1.0
            0x10, 0xE8, 0x07, // timestamp 1000
        ];
        Assert.Equal(expected, encoder.ToArray());
        Assert.Equal(1, encoder.Samples);
    }

    [Fact]
    public void Add_LabelsOutOfOrderAndABound_SortsThemByNameWithNameAndLe()
    {
        var encoder = new RemoteWriteEncoder();

        encoder.Add("m", [KeyValuePair.Create("status", "200"), KeyValuePair.Create("Zone", "z"), KeyValuePair.Create("a", "b")], "0.5", 2, 1);

        var labels = ProtobufReader.Labels(encoder.ToArray()).Single();
        Assert.Equal(["Zone", "__name__", "a", "le", "status"], labels.Select(l => l.Key));
        Assert.Equal(["z", "m", "b", "0.5", "200"], labels.Select(l => l.Value));
    }

    [Fact]
    public void ToArray_TwoRequestsConcatenated_ReadAsOneRequestWithBothSeries()
    {
        var first = new RemoteWriteEncoder();
        first.Add("a", [], null, 1, 1);
        var second = new RemoteWriteEncoder();
        second.Add("b", [], null, 2, 2);

        var labels = ProtobufReader.Labels([.. first.ToArray(), .. second.ToArray()]);

        Assert.Equal(["a", "b"], labels.Select(l => l.Single(p => p.Key == "__name__").Value));
    }

    [Fact]
    public void Snappy_EncodedRequest_RoundTripsExactly()
    {
        var encoder = new RemoteWriteEncoder();
        for (var i = 0; i < 200; i++)
        {
            encoder.Add("stampede_http_reqs_total", [KeyValuePair.Create("name", $"n{i % 7}")], null, i, 1_700_000_000_000 + i);
        }

        var raw = encoder.ToArray();
        var compressed = Snappy.CompressToArray(raw);

        Assert.True(compressed.Length < raw.Length, $"{compressed.Length} ≥ {raw.Length}");
        Assert.Equal(raw, Snappy.DecompressToArray(compressed));
    }

    /// <summary>Reads back the labels of each time series: a minimal protobuf reader for the test.</summary>
    private static class ProtobufReader
    {
        public static List<List<KeyValuePair<string, string>>> Labels(byte[] request)
        {
            var result = new List<List<KeyValuePair<string, string>>>();
            foreach (var (field, series) in Fields(request))
            {
                Assert.Equal(1, field);
                var labels = new List<KeyValuePair<string, string>>();
                foreach (var (seriesField, label) in Fields(series))
                {
                    if (seriesField == 1)
                    {
                        var parts = Fields(label).ToDictionary(f => f.Field, f => System.Text.Encoding.UTF8.GetString(f.Bytes));
                        labels.Add(KeyValuePair.Create(parts[1], parts[2]));
                    }
                }

                result.Add(labels);
            }

            return result;
        }

        private static IEnumerable<(int Field, byte[] Bytes)> Fields(byte[] data)
        {
            var at = 0;
            while (at < data.Length)
            {
                var tag = data[at++];
                Assert.Equal(2, tag & 7);
                var length = 0;
                for (var shift = 0; ; shift += 7)
                {
                    var b = data[at++];
                    length |= (b & 0x7F) << shift;
                    if (b < 0x80)
                    {
                        break;
                    }
                }

                yield return (tag >> 3, data[at..(at + length)]);
                at += length;
            }
        }
    }
}

using System.Text;
using Stampede.Http.Fast;

namespace Stampede.Tests.Http.Fast;

public sealed class ChunkedDecoderTests
{
    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world")]
    [InlineData("A\r\n0123456789\r\na\r\nabcdefghij\r\n0\r\n\r\n", "0123456789abcdefghij")]
    [InlineData("5;name=value;other\r\nhello\r\n0;last\r\n\r\n", "hello")]
    [InlineData("5 \r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("0005\r\nhello\r\n000\r\n\r\n", "hello")]
    [InlineData("5\r\nhello\r\n0\r\nX-Trailer: one\r\nX-Other: two\r\n\r\n", "hello")]
    [InlineData("5\nhello\n0\n\n", "hello")]
    [InlineData("0\r\n\r\n", "")]
    public void Decodes_whole_bodies(string encoded, string body)
    {
        var (status, decoded, consumed) = DecodeInPieces(encoded, encoded.Length);

        Assert.Equal(ChunkStatus.Done, status);
        Assert.Equal(body, decoded);
        Assert.Equal(encoded.Length, consumed);
    }

    [Fact]
    public void Decodes_the_same_body_at_every_split_size()
    {
        const string encoded = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\n";
        for (var piece = 1; piece <= encoded.Length; piece++)
        {
            var (status, decoded, consumed) = DecodeInPieces(encoded, piece);

            Assert.Equal(ChunkStatus.Done, status);
            Assert.Equal("Wikipedia in\r\n\r\nchunks.", decoded);
            Assert.Equal(encoded.Length, consumed);
        }
    }

    [Fact]
    public void Stops_at_the_end_of_the_body_and_leaves_what_follows()
    {
        const string encoded = "3\r\nabc\r\n0\r\n\r\n";
        var (status, decoded, consumed) = DecodeInPieces(encoded + "HTTP/1.1 200 OK\r\n", 1000);

        Assert.Equal(ChunkStatus.Done, status);
        Assert.Equal("abc", decoded);
        Assert.Equal(encoded.Length, consumed);
    }

    [Fact]
    public void An_unfinished_body_needs_more_data()
    {
        var (status, decoded, _) = DecodeInPieces("5\r\nhel", 1000);

        Assert.Equal(ChunkStatus.NeedMoreData, status);
        Assert.Equal("hel", decoded);
    }

    [Theory]
    [InlineData("x\r\nhello\r\n0\r\n\r\n")]
    [InlineData("\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\rhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhelloX\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\rX0\r\n\r\n")]
    [InlineData("5-\r\nhello\r\n0\r\n\r\n")]
    [InlineData("0\r\n\rX")]
    [InlineData("FFFFFFFFFFFFFFFFF\r\n")]
    public void Rejects_malformed_encoding(string encoded)
    {
        var (status, _, _) = DecodeInPieces(encoded, encoded.Length);

        Assert.Equal(ChunkStatus.Invalid, status);
    }

    [Fact]
    public void Rejects_an_endless_chunk_extension()
    {
        var encoded = "5;" + new string('x', ChunkedDecoder.MaxLineLength + 10) + "\r\nhello\r\n0\r\n\r\n";

        Assert.Equal(ChunkStatus.Invalid, DecodeInPieces(encoded, 100).Status);
    }

    /// <summary>Feeds <paramref name="encoded"/> in pieces of <paramref name="piece"/> bytes, as reads would.</summary>
    private static (ChunkStatus Status, string Body, int Consumed) DecodeInPieces(string encoded, int piece)
    {
        var bytes = Encoding.Latin1.GetBytes(encoded);
        var decoder = default(ChunkedDecoder);
        var body = new StringBuilder();
        var position = 0;
        var available = Math.Min(piece, bytes.Length);
        while (true)
        {
            var status = decoder.Decode(bytes.AsSpan(position, available - position), out var consumed, out var offset, out var length);
            body.Append(Encoding.Latin1.GetString(bytes, position + offset, length));
            position += consumed;
            if (status is ChunkStatus.Done or ChunkStatus.Invalid)
            {
                return (status, body.ToString(), position);
            }

            if (status == ChunkStatus.NeedMoreData)
            {
                Assert.Equal(available, position);
                if (available == bytes.Length)
                {
                    return (status, body.ToString(), position);
                }

                available = Math.Min(available + piece, bytes.Length);
            }
        }
    }
}

using System.Text;
using Stampede.Http.Fast;

namespace Stampede.Tests.Http.Fast;

public sealed class ResponseHeadParserTests
{
    [Fact]
    public void Parses_status_and_content_length()
    {
        var text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 42\r\n\r\nbody";

        var status = Parse(text, out var head, out var consumed);

        Assert.Equal(HeadParseStatus.Complete, status);
        Assert.Equal(200, head.Status);
        Assert.Equal(BodyFraming.ContentLength, head.Framing);
        Assert.Equal(42, head.ContentLength);
        Assert.True(head.KeepAlive);
        Assert.Equal(text.Length - "body".Length, consumed);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Len")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r")]
    [InlineData("HTTP/1.")]
    [InlineData("HT")]
    [InlineData("")]
    public void Incomplete_heads_ask_for_more(string text) =>
        Assert.Equal(HeadParseStatus.Incomplete, Parse(text, out _, out _));

    [Fact]
    public void Every_split_point_of_a_valid_head_is_incomplete_until_the_blank_line()
    {
        var text = "HTTP/1.1 204 No Content\r\nServer: x\r\nConnection: keep-alive\r\n\r\n";
        for (var i = 0; i < text.Length; i++)
        {
            Assert.Equal(HeadParseStatus.Incomplete, Parse(text[..i], out _, out _));
        }

        Assert.Equal(HeadParseStatus.Complete, Parse(text, out var head, out var consumed));
        Assert.Equal(204, head.Status);
        Assert.Equal(text.Length, consumed);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "Chunked")]
    [InlineData("HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, CHUNKED\r\n\r\n", "Chunked")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n", "Chunked")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "UntilClose")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", "UntilClose")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "None")]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", "None")]
    [InlineData("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", "None")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", "None")]
    public void Decides_how_the_body_is_framed(string text, string framing)
    {
        Assert.Equal(HeadParseStatus.Complete, Parse(text, out var head, out _));
        Assert.Equal(Enum.Parse<BodyFraming>(framing), head.Framing);
    }

    [Fact]
    public void A_head_request_has_no_body_whatever_the_headers_say()
    {
        Assert.Equal(HeadParseStatus.Complete, Parse("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", out var head, out _, isHeadRequest: true));
        Assert.Equal(BodyFraming.None, head.Framing);
        Assert.True(head.KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 1\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", false)]
    public void Decides_keep_alive(string text, bool keepAlive)
    {
        Assert.Equal(HeadParseStatus.Complete, Parse(text, out var head, out _));
        Assert.Equal(keepAlive, head.KeepAlive);
    }

    [Fact]
    public void Accepts_bare_line_feeds_and_an_absent_reason_phrase()
    {
        Assert.Equal(HeadParseStatus.Complete, Parse("HTTP/1.1 404\nContent-Length: 3\n\n", out var head, out var consumed));
        Assert.Equal(404, head.Status);
        Assert.Equal(3, head.ContentLength);
        Assert.Equal("HTTP/1.1 404\nContent-Length: 3\n\n".Length, consumed);
    }

    [Theory]
    [InlineData("hello\r\n\r\n", "does not start with an HTTP/1.x status line")]
    [InlineData("HELLO WORLD", "does not start with an HTTP/1.x status line")]
    [InlineData("HTTP/1.1 abc\r\n\r\n", "malformed status line")]
    [InlineData("HTTP/1.1 20\r\n\r\n", "malformed status line")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n", "malformed status line")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n", "malformed status line")]
    [InlineData("HTTP/2.0 200 OK\r\n\r\n", "does not start with an HTTP/1.x status line")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed response header line")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "malformed response header line")]
    [InlineData("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n", "malformed response header line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", "invalid Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "invalid Content-Length")]
    public void Rejects_what_is_not_http(string text, string error)
    {
        Assert.Equal(HeadParseStatus.Invalid, Parse(text, out _, out _, out var message));
        Assert.Contains(error, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_equal_content_lengths_are_accepted()
    {
        Assert.Equal(HeadParseStatus.Complete, Parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n", out var head, out _));
        Assert.Equal(5, head.ContentLength);
    }

    private static HeadParseStatus Parse(string text, out ResponseHead head, out int consumed, bool isHeadRequest = false) =>
        Parse(text, out head, out consumed, out _, isHeadRequest);

    private static HeadParseStatus Parse(string text, out ResponseHead head, out int consumed, out string? error, bool isHeadRequest = false) =>
        ResponseHeadParser.TryParse(Encoding.Latin1.GetBytes(text), isHeadRequest, out head, out consumed, out error);
}

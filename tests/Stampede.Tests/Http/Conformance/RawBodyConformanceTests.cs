using System.Text;
using Stampede.Http;

namespace Stampede.Tests.Http.Conformance;

/// <summary>Large and slow bodies: drained to the last byte, counted, and captured up to the cap.</summary>
public sealed class RawBodyConformanceTests
{
    private const int LargeSize = 8 * 1024 * 1024;
    private const int CaptureCap = 64 * 1024;

    private static readonly byte[] LargeBody = ConformanceClient.Pattern(LargeSize);

    [Theory]
    [InlineData(HttpTransportKind.Handler, "content-length", true)]
    [InlineData(HttpTransportKind.Fast, "content-length", true)]
    [InlineData(HttpTransportKind.Handler, "content-length", false)]
    [InlineData(HttpTransportKind.Fast, "content-length", false)]
    [InlineData(HttpTransportKind.Handler, "chunked", true)]
    [InlineData(HttpTransportKind.Fast, "chunked", true)]
    [InlineData(HttpTransportKind.Handler, "chunked", false)]
    [InlineData(HttpTransportKind.Fast, "chunked", false)]
    public async Task LargeBody_DrainedCountedAndCaptureCapped(HttpTransportKind kind, string framing, bool capture)
    {
        var response = framing == "chunked" ? Chunked(LargeBody, chunkSize: 16 * 1024 + 1) : WithContentLength(LargeBody);
        await using var server = RawHttpServer.Serve(response);
        using var client = ConformanceClient.Create(kind,
            new HttpSettings { Timeout = ConformanceClient.DefaultTimeout, MaxCapturedBodyBytes = CaptureCap });

        var exchange = await client.GetAsync(server.Url("/large"), captureBody: capture);

        ConformanceClient.AssertSuccess(exchange, 200, capture ? LargeBody.AsSpan(0, CaptureCap).ToArray() : []);
        Assert.True(exchange.BytesReceived >= LargeSize, $"received {exchange.BytesReceived} bytes of an {LargeSize}-byte body");
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    [Theory]
    [InlineData(HttpTransportKind.Handler, "content-length")]
    [InlineData(HttpTransportKind.Fast, "content-length")]
    [InlineData(HttpTransportKind.Handler, "chunked")]
    [InlineData(HttpTransportKind.Fast, "chunked")]
    public async Task SlowBody_WrittenInPieces_ReadCompletely(HttpTransportKind kind, string framing)
    {
        var body = ConformanceClient.Pattern(3000);
        var response = framing == "chunked" ? Chunked(body, chunkSize: 97) : WithContentLength(body);
        await using var server = RawHttpServer.Serve(async (connection, _, cancellationToken) =>
        {
            // Awkward piece sizes split the status line, header lines, chunk sizes and CRLFs across reads.
            int[] sizes = [1, 2, 3, 5, 7, 11, 13, 64, 250];
            for (int offset = 0, i = 0; offset < response.Length; i++)
            {
                var size = Math.Min(sizes[i % sizes.Length], response.Length - offset);
                await connection.WriteAsync(response.AsMemory(offset, size), cancellationToken);
                offset += size;
                if (i % 4 == 3)
                {
                    await Task.Delay(2, cancellationToken);
                }
            }

            return true;
        });
        using var client = ConformanceClient.Create(kind);

        var exchange = await client.GetAsync(server.Url("/slow"));

        ConformanceClient.AssertSuccess(exchange, 200, body);
        Assert.Equal(response.Length, exchange.BytesReceived);
        await client.AssertNextRequestSucceedsAsync(server, connections: 1);
    }

    internal static byte[] WithContentLength(byte[] body) =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];

    /// <summary>Chunked framing with chunk sizes alternately in upper and lower case hex.</summary>
    internal static byte[] Chunked(byte[] body, int chunkSize)
    {
        using var response = new MemoryStream();
        response.Write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"u8);
        for (int offset = 0, i = 0; offset < body.Length; offset += chunkSize, i++)
        {
            var size = Math.Min(chunkSize, body.Length - offset);
            response.Write(Encoding.ASCII.GetBytes(size.ToString(i % 2 == 0 ? "X" : "x") + "\r\n"));
            response.Write(body, offset, size);
            response.Write("\r\n"u8);
        }

        response.Write("0\r\n\r\n"u8);
        return response.ToArray();
    }
}

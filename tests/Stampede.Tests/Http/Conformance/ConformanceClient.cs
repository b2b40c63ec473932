using System.Text;
using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Tests.Http.Conformance;

/// <summary>
/// A transport of one <see cref="HttpTransportKind"/> with the assertions every conformance case shares.
/// </summary>
internal sealed class ConformanceClient : IDisposable
{
    /// <summary>Long enough for 8 MB on a loaded CI machine; short enough that a hung client fails the case.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpTransportFactory _factory;

    private ConformanceClient(HttpTransportFactory factory, IHttpTransport transport)
    {
        _factory = factory;
        Transport = transport;
    }

    public IHttpTransport Transport { get; }

    /// <summary>A per-VU transport of <paramref name="kind"/>; <paramref name="settings"/> may set anything but the kind.</summary>
    public static ConformanceClient Create(HttpTransportKind kind, HttpSettings? settings = null)
    {
        var factory = HttpTransportFactory.Create((settings ?? new HttpSettings { Timeout = DefaultTimeout }) with { Transport = kind });
        var transport = factory.Create();

        // Without this a factory that quietly falls back to SocketsHttpHandler would make the Fast rows
        // compare the handler with itself.
        if (kind == HttpTransportKind.Fast && transport is HttpTransport)
        {
            transport.Dispose();
            factory.Dispose();
            Assert.Fail("HttpTransportKind.Fast built the SocketsHttpHandler transport: the fast HTTP/1.1 client is not wired into HttpTransportFactory");
        }

        return new ConformanceClient(factory, transport);
    }

    public static HttpRequestDefinition Request(HttpMethod method, Uri url, bool captureBody = true, TimeSpan? timeout = null) => new()
    {
        Name = url.AbsolutePath,
        Method = method,
        Url = url,
        CaptureBody = captureBody,
        Timeout = timeout,
    };

    public Task<HttpExchange> SendAsync(HttpRequestDefinition request) =>
        Transport.SendAsync(request, CancellationToken.None).AsTask();

    public Task<HttpExchange> GetAsync(Uri url, bool captureBody = true, TimeSpan? timeout = null) =>
        SendAsync(Request(HttpMethod.Get, url, captureBody, timeout));

    public Task<HttpExchange> HeadAsync(Uri url) => SendAsync(Request(HttpMethod.Head, url));

    /// <summary>Asserts the transport still works after the case: a plain GET succeeds.</summary>
    public async Task<HttpExchange> AssertNextRequestSucceedsAsync(Uri url, string expectedBody)
    {
        var next = await GetAsync(url);
        AssertSuccess(next, 200, expectedBody);
        return next;
    }

    /// <summary>
    /// Asserts the transport still works after the case: a GET for <see cref="RawHttpServer.NextPath"/>
    /// succeeds, and the server has seen <paramref name="connections"/> connections in all (1 when the
    /// connection must have been reused, 2 when the case must have ended it).
    /// </summary>
    public async Task AssertNextRequestSucceedsAsync(RawHttpServer server, int connections)
    {
        var next = await AssertNextRequestSucceedsAsync(server.Url(RawHttpServer.NextPath), RawHttpServer.NextBody);
        Assert.Equal(RawHttpServer.NextResponse.Length, next.BytesReceived);
        Assert.Equal(connections, server.ConnectionCount);
    }

    /// <summary>Asserts a complete response: the status, no error, the captured body and some bytes read.</summary>
    public static void AssertSuccess(HttpExchange exchange, int status, string? expectedBody = null) =>
        AssertSuccess(exchange, status, expectedBody is null ? null : Encoding.Latin1.GetBytes(expectedBody));

    /// <inheritdoc cref="AssertSuccess(HttpExchange, int, string?)"/>
    public static void AssertSuccess(HttpExchange exchange, int status, byte[]? expectedBody)
    {
        Assert.True(exchange.Error == ErrorKind.None, $"expected no error, got {exchange.Error}: {exchange.ErrorMessage}");
        Assert.Null(exchange.ErrorMessage);
        Assert.Equal(status, exchange.Status);
        if (expectedBody is not null)
        {
            AssertBody(expectedBody, exchange.Body.Span);
        }

        Assert.True(exchange.BytesReceived > 0, "a response was read, so bytes were received");
        Assert.True(exchange.BytesSent > 0, "a request was written, so bytes were sent");
        Assert.True(exchange.End >= exchange.Start);
    }

    /// <summary>Asserts a failure of <paramref name="kind"/> with a one-line message.</summary>
    public static void AssertFailure(HttpExchange exchange, ErrorKind kind, int status)
    {
        Assert.True(exchange.Error == kind, $"expected {kind}, got {exchange.Error}: {exchange.ErrorMessage}");
        Assert.False(string.IsNullOrEmpty(exchange.ErrorMessage), "a failure names its cause");
        Assert.DoesNotContain('\n', exchange.ErrorMessage);
        Assert.Equal(status, exchange.Status);
        Assert.True(exchange.Body.IsEmpty, "a failed request captures no body");
    }

    /// <summary>Compares bodies without dumping megabytes into the failure message.</summary>
    public static void AssertBody(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        var mismatch = expected.CommonPrefixLength(actual);
        if (mismatch != expected.Length || actual.Length != expected.Length)
        {
            Assert.Fail($"body differs: expected {expected.Length} bytes, got {actual.Length}, first difference at byte {mismatch}"
                + (expected.Length < 200 && actual.Length < 200
                    ? $" (expected '{Encoding.Latin1.GetString(expected)}', got '{Encoding.Latin1.GetString(actual)}')"
                    : string.Empty));
        }
    }

    /// <summary>A deterministic body that is not all zeros, so a shifted or truncated copy shows.</summary>
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31 + (i >> 8)) % 251);
        }

        return bytes;
    }

    public void Dispose()
    {
        Transport.Dispose();
        _factory.Dispose();
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Stampede.DemoTarget.Hosting;

/// <summary>
/// Lets one cleartext listener serve both HTTP/1.1 and HTTP/2 with prior knowledge (h2c).
/// </summary>
/// <remarks>
/// Kestrel picks the protocol of a cleartext <c>Http1AndHttp2</c> endpoint without looking at the bytes: it
/// always chooses HTTP/1.1 and answers an HTTP/2 preface with <c>HTTP_1_1_REQUIRED</c>. Its only other input is
/// the ALPN result, so this connection middleware peeks at the first bytes and, when they are the HTTP/2
/// client preface, reports "h2" as if ALPN had chosen it. Kestrel consults ALPN only on TLS connections, hence
/// the TLS feature marker, and the listener must allow the request's <c>:scheme</c> (http) to differ
/// (<c>KestrelServerOptions.AllowAlternateSchemes</c>). Nothing is consumed, so Kestrel reads the same bytes.
/// </remarks>
internal static class H2cPriorKnowledge
{
    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public static async Task DetectAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (await StartsWithPrefaceAsync(connection.Transport.Input, connection.ConnectionClosed).ConfigureAwait(false))
        {
            var negotiated = new NegotiatedHttp2();
            connection.Features.Set<ITlsConnectionFeature>(negotiated);
            connection.Features.Set<ITlsApplicationProtocolFeature>(negotiated);
        }

        await next(connection).ConfigureAwait(false);
    }

    private static async Task<bool> StartsWithPrefaceAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var verdict = Compare(buffer);
            if (verdict is not null || result.IsCompleted || result.IsCanceled)
            {
                // Consume and examine nothing, so Kestrel's first read sees the data without waiting for more.
                input.AdvanceTo(buffer.Start);
                return verdict ?? false;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>True or false once decided; null while the bytes so far are a prefix of the preface.</summary>
    private static bool? Compare(ReadOnlySequence<byte> buffer)
    {
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> start = stackalloc byte[length];
        buffer.Slice(0, length).CopyTo(start);
        if (!Preface[..length].SequenceEqual(start))
        {
            return false;
        }

        return length == Preface.Length ? true : null;
    }

    private sealed class NegotiatedHttp2 : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        private static readonly ReadOnlyMemory<byte> H2 = "h2"u8.ToArray();

        public ReadOnlyMemory<byte> ApplicationProtocol => H2;

        public X509Certificate2? ClientCertificate { get; set; }

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) =>
            Task.FromResult<X509Certificate2?>(null);
    }
}

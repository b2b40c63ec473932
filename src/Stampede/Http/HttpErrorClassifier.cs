using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Stampede.Metrics;

namespace Stampede.Http;

/// <summary>What the transport knew when a request failed, beyond the exception itself.</summary>
/// <param name="CallerCancelled">The caller's token was cancelled (the run is stopping).</param>
/// <param name="TimedOut">The request's own timeout fired.</param>
/// <param name="Timeout">The request's timeout, for the message.</param>
/// <param name="TlsRejection">Why the certificate callback refused the server, if it did.</param>
/// <param name="HasClientCertificate">A client certificate was configured.</param>
/// <param name="ClientCertificateDemanded">The server asked for a client certificate during the
/// handshake of the connection this request opened, and the request got no response.</param>
internal readonly record struct FailureContext(bool CallerCancelled, bool TimedOut, TimeSpan Timeout, string? TlsRejection,
    bool HasClientCertificate, bool ClientCertificateDemanded);

/// <summary>
/// Turns an exception from SocketsHttpHandler into an <see cref="ErrorKind"/> and a one-line message.
/// Runs only on failures, so it may allocate; messages never contain request headers or bodies.
/// </summary>
internal static class HttpErrorClassifier
{
    private const string ClientCertificateRequired = "TLS handshake failed: the server requires a client certificate (pass --cert/--key)";
    private const string Http2Refused = "the server did not agree to HTTP/2 (no ALPN h2 over TLS, or no h2c); drop --http2 or enable HTTP/2 on the server";

    public static (ErrorKind Kind, string Message) Classify(Exception exception, in FailureContext context)
    {
        if (context.CallerCancelled)
        {
            return (ErrorKind.Cancelled, "cancelled: the run stopped while the request was in flight");
        }

        if (context.TimedOut)
        {
            return (ErrorKind.Timeout, "request timed out after " + Engine.Durations.Format(context.Timeout));
        }

        if (context.ClientCertificateDemanded && !context.HasClientCertificate)
        {
            return (ErrorKind.Tls, ClientCertificateRequired);
        }

        // The TLS verdict is the most specific thing we know: the handler only reports that the
        // callback said no.
        if (context.TlsRejection is { } rejection && Find<AuthenticationException>(exception) is not null)
        {
            return (ErrorKind.Tls, "TLS handshake failed: " + rejection);
        }

        if (exception is HttpRequestException { HttpRequestError: var error and not HttpRequestError.Unknown } requestException)
        {
            var byError = FromHttpRequestError(error, requestException, context);
            if (byError.Kind != ErrorKind.Other)
            {
                return byError;
            }
        }

        if (exception is HttpIOException { HttpRequestError: var ioError and not HttpRequestError.Unknown } ioException)
        {
            var byError = FromHttpRequestError(ioError, ioException, context);
            if (byError.Kind != ErrorKind.Other)
            {
                return byError;
            }
        }

        return FromInnerExceptions(exception, context);
    }

    private static (ErrorKind Kind, string Message) FromHttpRequestError(HttpRequestError error, Exception exception, in FailureContext context) =>
        error switch
        {
            HttpRequestError.NameResolutionError => (ErrorKind.Dns, OneLine("DNS: ", exception)),
            HttpRequestError.SecureConnectionError => Tls(exception, context),
            HttpRequestError.ResponseEnded => (ErrorKind.ConnectionReset, "connection closed by the server before the response ended"),
            HttpRequestError.InvalidResponse => (ErrorKind.Protocol, OneLine("invalid response: ", exception)),
            HttpRequestError.HttpProtocolError => (ErrorKind.Protocol, OneLine("HTTP protocol error: ", exception)),
            HttpRequestError.ConfigurationLimitExceeded => (ErrorKind.Protocol, OneLine("response over a limit: ", exception)),
            HttpRequestError.VersionNegotiationError => (ErrorKind.Protocol, Http2Refused),
            HttpRequestError.ConnectionError => FromInnerExceptions(exception, context) is var inner && inner.Kind != ErrorKind.Other
                ? inner
                : (ErrorKind.ConnectionRefused, OneLine("cannot connect: ", exception)),
            _ => (ErrorKind.Other, string.Empty),
        };

    private static (ErrorKind Kind, string Message) FromInnerExceptions(Exception exception, in FailureContext context)
    {
        if (Find<AuthenticationException>(exception) is not null)
        {
            return Tls(exception, context);
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            switch (socket.SocketErrorCode)
            {
                case SocketError.ConnectionRefused:
                    return (ErrorKind.ConnectionRefused, OneLine("connection refused: ", exception));
                case SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.NoRecovery:
                    return (ErrorKind.Dns, OneLine("DNS: ", exception));
                case SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected:
                    return (ErrorKind.ConnectionReset, OneLine("connection reset: ", exception));
                case SocketError.TimedOut:
                    return (ErrorKind.Timeout, OneLine("connect timed out: ", exception));
                default:
                    break;
            }
        }

        if (Find<TimeoutException>(exception) is { } timeout)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException.
            return (ErrorKind.Timeout, OneLine(string.Empty, timeout));
        }

        if (Find<HttpProtocolException>(exception) is { } protocol)
        {
            return (ErrorKind.Protocol, OneLine("HTTP protocol error: ", protocol));
        }

        if (exception is IOException or HttpRequestException && Find<IOException>(exception) is { } io
            && io.Message.Contains("prematurely", StringComparison.OrdinalIgnoreCase))
        {
            return (ErrorKind.ConnectionReset, "connection closed by the server before the response ended");
        }

        var root = exception;
        while (root.InnerException is { } inner && root is HttpRequestException or AggregateException)
        {
            root = inner;
        }

        return (ErrorKind.Other, OneLine(root.GetType().Name + ": ", root));
    }

    private static (ErrorKind Kind, string Message) Tls(Exception exception, in FailureContext context)
    {
        if (context.TlsRejection is { } rejection)
        {
            return (ErrorKind.Tls, "TLS handshake failed: " + rejection);
        }

        // An ALPN refusal is a TLS alert, but the fix is the HTTP version, not the certificates.
        if (Contains(exception, "no application protocol"))
        {
            return (ErrorKind.Protocol, Http2Refused);
        }

        if (!context.HasClientCertificate && LooksLikeClientCertificateDemand(exception))
        {
            return (ErrorKind.Tls, ClientCertificateRequired);
        }

        return (ErrorKind.Tls, "TLS handshake failed: " + Flatten(Innermost(exception).Message));
    }

    /// <summary>
    /// A server that demands a client certificate answers a client without one with a TLS alert
    /// (certificate_required in TLS 1.3, handshake_failure or bad_certificate in TLS 1.2).
    /// </summary>
    private static bool LooksLikeClientCertificateDemand(Exception exception) =>
        Contains(exception, "certificate required") || Contains(exception, "CertificateRequired")
        || Contains(exception, "HandshakeFailure") || Contains(exception, "handshake failure")
        || Contains(exception, "BadCertificate") || Contains(exception, "bad certificate");

    private static bool Contains(Exception exception, string text)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // "Authentication failed, see inner exception" says nothing; the innermost (OpenSSL) message does.
    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string OneLine(string prefix, Exception exception) => prefix + Flatten(exception.Message);

    private static string Flatten(string message) =>
        message.Contains('\n', StringComparison.Ordinal) ? message.ReplaceLineEndings(" ") : message;
}

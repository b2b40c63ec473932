using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Stampede.Http;

/// <summary>
/// The TLS callbacks of one transport: validates the server certificate against the run's
/// <see cref="TlsMaterial"/> and offers the client certificate, remembering what the handshake
/// revealed so a failure can be explained.
/// </summary>
internal sealed class TlsHandshakeObserver(TlsMaterial tls)
{
    private volatile string? _rejection;
    private volatile bool _clientCertificateRequested;

    /// <summary>Why the server certificate was refused in the last handshake, or null.</summary>
    public string? Rejection => _rejection;

    /// <summary>
    /// The server asked for a client certificate. Without one, TLS 1.3 lets the handshake finish and
    /// the server then closes the connection; this turns that bare close into "the server requires a
    /// client certificate".
    /// </summary>
    public bool ClientCertificateRequested => _clientCertificateRequested;

    /// <summary>Forgets the previous handshake.</summary>
    public void Reset()
    {
        _rejection = null;
        _clientCertificateRequested = false;
    }

    public bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var rejection = tls.Validate(certificate, chain, errors);
        _rejection = rejection;
        return rejection is null;
    }

    public X509Certificate2 SelectClientCertificate(object sender, string targetHost, X509CertificateCollection localCertificates,
        X509Certificate? remoteCertificate, string[] acceptableIssuers)
    {
        if (remoteCertificate is not null)
        {
            _clientCertificateRequested = true;
        }

        return tls.ClientCertificate!;
    }
}

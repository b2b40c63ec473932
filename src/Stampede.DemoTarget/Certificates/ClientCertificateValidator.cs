using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Stampede.DemoTarget.Certificates;

/// <summary>
/// Accepts client certificates issued by the generated CA and nothing else; Kestrel's own check uses the
/// machine store, which does not (and must not) trust the throwaway CA.
/// </summary>
internal sealed class ClientCertificateValidator(X509Certificate2 ca, TimeProvider timeProvider)
{
    public bool Validate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        return CaChain.Verifies(certificate, ca, CaChain.ClientAuthentication, timeProvider.GetUtcNow());
    }
}

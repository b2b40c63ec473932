using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stampede.DemoTarget.Certificates;

/// <summary>Checks a leaf certificate against one CA only, ignoring the machine's trust store.</summary>
internal static class CaChain
{
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// True when <paramref name="leaf"/> chains to <paramref name="ca"/>, is valid at
    /// <paramref name="verificationTime"/> and allows the extended key usage <paramref name="usageOid"/>.
    /// </summary>
    public static bool Verifies(X509Certificate2 leaf, X509Certificate2 ca, string usageOid, DateTimeOffset verificationTime)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        // A throwaway CA publishes no revocation lists, and a demo must never reach the network.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usageOid));
        chain.ChainPolicy.VerificationTime = verificationTime.UtcDateTime;
        try
        {
            return chain.Build(leaf);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stampede.DemoTarget.Certificates;

/// <summary>
/// Decides whether the files already in a PKI folder can be used again, so repeated runs keep the CA a
/// client was told to trust.
/// </summary>
internal static class ExistingPki
{
    /// <summary>Leaf certificates this close to expiry are replaced rather than let expire mid-run.</summary>
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromDays(1);

    public static bool TryReuse(string directory, IReadOnlyList<string> serverNames, DateTimeOffset now, out PkiFiles files)
    {
        files = PkiLayout.Files(directory, string.Empty);
        var passwordFile = PkiLayout.PasswordFile(directory);
        string[] required =
        [
            files.CaCertificate, files.ServerCertificate, files.ServerKey,
            files.ClientCertificate, files.ClientKey, files.ClientPkcs12, passwordFile,
        ];
        foreach (var path in required)
        {
            if (!File.Exists(path))
            {
                return false;
            }
        }

        try
        {
            var password = File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
            files = PkiLayout.Files(directory, password);
            return IsConsistent(files, serverNames, now);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Anything unreadable or mismatched means the folder is regenerated, which is always safe.
            return false;
        }
    }

    private static bool IsConsistent(PkiFiles files, IReadOnlyList<string> serverNames, DateTimeOffset now)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(files.CaCertificate));
        using var server = X509Certificate2.CreateFromPemFile(files.ServerCertificate, files.ServerKey);
        using var client = X509Certificate2.CreateFromPemFile(files.ClientCertificate, files.ClientKey);
        using var pkcs12 = X509CertificateLoader.LoadPkcs12FromFile(files.ClientPkcs12, files.ClientPkcs12Password);

        var checkTime = now + RenewalMargin;
        if (!server.HasPrivateKey || !client.HasPrivateKey || !pkcs12.HasPrivateKey
            || pkcs12.Thumbprint != client.Thumbprint
            || !CaChain.Verifies(server, ca, CaChain.ServerAuthentication, now)
            || !CaChain.Verifies(server, ca, CaChain.ServerAuthentication, checkTime)
            || !CaChain.Verifies(client, ca, CaChain.ClientAuthentication, now)
            || !CaChain.Verifies(client, ca, CaChain.ClientAuthentication, checkTime))
        {
            return false;
        }

        foreach (var name in serverNames)
        {
            if (!server.MatchesHostname(name, allowWildcards: false, allowCommonName: false))
            {
                return false;
            }
        }

        return true;
    }
}

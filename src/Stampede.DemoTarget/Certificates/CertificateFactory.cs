using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Stampede.DemoTarget.Certificates;

/// <summary>Issues a fresh CA, server and client certificate and writes them as PEM and PKCS#12.</summary>
internal static class CertificateFactory
{
    /// <summary>Back-dating absorbs clock skew between the machine that issues and the one that verifies.</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromDays(1);

    public static PkiFiles Write(string directory, IReadOnlyList<string> serverNames, DateTimeOffset now)
    {
        var notBefore = now - Backdate;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Stampede demo CA, O=Stampede", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, now.AddYears(2));

        var serverSan = new SubjectAlternativeNameBuilder();
        foreach (var name in serverNames)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                serverSan.AddIpAddress(address);
            }
            else
            {
                serverSan.AddDnsName(name);
            }
        }

        var clientSan = new SubjectAlternativeNameBuilder();
        clientSan.AddDnsName("stampede-client");

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var server = IssueLeaf(ca, serverKey, "CN=localhost, O=Stampede", CaChain.ServerAuthentication, serverSan, notBefore, now.AddYears(1));
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = IssueLeaf(ca, clientKey, "CN=stampede-client, O=Stampede", CaChain.ClientAuthentication, clientSan, notBefore, now.AddYears(1));

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var files = PkiLayout.Files(directory, password);
        using var clientWithKey = client.CopyWithPrivateKey(clientKey);
        var pkcs12 = clientWithKey.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);

        WriteAtomically(files.CaCertificate, Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"), secret: false);
        WriteAtomically(files.ServerCertificate, Encoding.ASCII.GetBytes(server.ExportCertificatePem() + "\n"), secret: false);
        WriteAtomically(files.ServerKey, Encoding.ASCII.GetBytes(serverKey.ExportPkcs8PrivateKeyPem() + "\n"), secret: true);
        WriteAtomically(files.ClientCertificate, Encoding.ASCII.GetBytes(client.ExportCertificatePem() + "\n"), secret: false);
        WriteAtomically(files.ClientKey, Encoding.ASCII.GetBytes(clientKey.ExportPkcs8PrivateKeyPem() + "\n"), secret: true);
        WriteAtomically(files.ClientPkcs12, pkcs12, secret: true);
        // No trailing newline so `--pass "$(cat client.p12.password)"`-style use and File.ReadAllText agree.
        WriteAtomically(PkiLayout.PasswordFile(directory), Encoding.ASCII.GetBytes(password), secret: true);
        return files;
    }

    private static X509Certificate2 IssueLeaf(
        X509Certificate2 ca,
        ECDsa key,
        string subject,
        string usageOid,
        SubjectAlternativeNameBuilder san,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial, as RFC 5280 requires
        return request.Create(ca, notBefore, notAfter, serial);
    }

    /// <summary>Write to a temporary file and rename, so a reader never sees half a key.</summary>
    private static void WriteAtomically(string path, byte[] contents, bool secret)
    {
        var temporary = path + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(contents);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stampede.Tests.Http;

/// <summary>
/// A throwaway PKI made per test class: a CA, a server certificate for 127.0.0.1/localhost, a client
/// certificate, and the files the transport reads (PEM and PKCS#12).
/// </summary>
public sealed class TestPki : IDisposable
{
    public const string P12Password = "s3cret-p12-pass";

    public TestPki()
    {
        Directory = Path.Combine(Path.GetTempPath(), "stampede-pki-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var now = DateTimeOffset.UtcNow;

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Stampede Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        ServerCertificate = Issue("CN=localhost", server: true);
        ClientCertificate = Issue("CN=stampede-client", server: false);

        CaPath = Write("ca.crt", Ca.ExportCertificatePem());
        ClientCertPath = Write("client.crt", ClientCertificate.ExportCertificatePem());
        ClientKeyPath = Write("client.key", ClientCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        ClientP12Path = Path.Combine(Directory, "client.p12");
        File.WriteAllBytes(ClientP12Path, ClientCertificate.Export(X509ContentType.Pkcs12, P12Password));

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        OtherKeyPath = Write("other.key", otherKey.ExportPkcs8PrivateKeyPem());
        GarbagePath = Write("garbage.crt", "this is not a certificate\n");
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 ServerCertificate { get; }

    public X509Certificate2 ClientCertificate { get; }

    public string CaPath { get; }

    public string ClientCertPath { get; }

    public string ClientKeyPath { get; }

    public string ClientP12Path { get; }

    public string OtherKeyPath { get; }

    public string GarbagePath { get; }

    public void Dispose()
    {
        Ca.Dispose();
        ServerCertificate.Dispose();
        ClientCertificate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private X509Certificate2 Issue(string subject, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var issued = request.Create(Ca, now.AddDays(-1), now.AddDays(29), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}

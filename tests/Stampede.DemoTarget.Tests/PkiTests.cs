using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Stampede.DemoTarget.Certificates;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests;

public sealed class PkiTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Generate_EmptyFolder_WritesPemCertificatesKeysAndPkcs12()
    {
        var files = Pki.Generate(_directory.Path);

        Assert.Equal(_directory.Path, files.Directory);
        foreach (var certificate in new[] { files.CaCertificate, files.ServerCertificate, files.ClientCertificate })
        {
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(certificate));
        }

        foreach (var key in new[] { files.ServerKey, files.ClientKey })
        {
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(key));
        }

        Assert.Equal(files.ClientPkcs12Password, File.ReadAllText(Path.Combine(_directory.Path, "client.p12.password")));
        using var pkcs12 = X509CertificateLoader.LoadPkcs12FromFile(files.ClientPkcs12, files.ClientPkcs12Password);
        using var client = X509Certificate2.CreateFromPemFile(files.ClientCertificate, files.ClientKey);
        Assert.True(pkcs12.HasPrivateKey);
        Assert.Equal(client.Thumbprint, pkcs12.Thumbprint);
        Assert.False(File.Exists(Path.Combine(_directory.Path, "ca.key")));
    }

    [Fact]
    public void Generate_ServerCertificate_CoversLoopbackNamesOnly()
    {
        var files = Pki.Generate(_directory.Path);

        using var server = X509Certificate2.CreateFromPemFile(files.ServerCertificate, files.ServerKey);
        Assert.True(server.MatchesHostname("localhost"));
        Assert.True(server.MatchesHostname("127.0.0.1"));
        Assert.True(server.MatchesHostname("::1"));
        Assert.False(server.MatchesHostname("example.com"));
    }

    [Fact]
    public void Generate_LeafCertificates_VerifyAgainstTheirCaOnly()
    {
        var files = Pki.Generate(_directory.Path);
        using var other = new TempDirectory();
        var otherFiles = Pki.Generate(other.Path);

        using var ca = X509CertificateLoader.LoadCertificateFromFile(files.CaCertificate);
        using var otherCa = X509CertificateLoader.LoadCertificateFromFile(otherFiles.CaCertificate);
        using var server = X509CertificateLoader.LoadCertificateFromFile(files.ServerCertificate);
        using var client = X509CertificateLoader.LoadCertificateFromFile(files.ClientCertificate);
        var now = DateTimeOffset.UtcNow;
        Assert.True(CaChain.Verifies(server, ca, CaChain.ServerAuthentication, now));
        Assert.True(CaChain.Verifies(client, ca, CaChain.ClientAuthentication, now));
        Assert.False(CaChain.Verifies(client, otherCa, CaChain.ClientAuthentication, now));
        // Each leaf is only good for its own purpose.
        Assert.False(CaChain.Verifies(server, ca, CaChain.ClientAuthentication, now));
    }

    [Fact]
    public void Generate_SecondRun_ReusesFiles()
    {
        var first = Pki.Generate(_directory.Path);
        var caBytes = File.ReadAllBytes(first.CaCertificate);

        var second = Pki.Generate(_directory.Path);

        Assert.Equal(first, second);
        Assert.Equal(caBytes, File.ReadAllBytes(second.CaCertificate));
    }

    [Theory]
    [InlineData("server.key")]
    [InlineData("client.crt")]
    [InlineData("client.p12.password")]
    public void Generate_FileCorrupted_Regenerates(string name)
    {
        var first = Pki.Generate(_directory.Path);
        var caBytes = File.ReadAllBytes(first.CaCertificate);
        File.WriteAllText(Path.Combine(_directory.Path, name), "garbage");

        var second = Pki.Generate(_directory.Path);

        Assert.NotEqual(caBytes, File.ReadAllBytes(second.CaCertificate));
        using var client = X509Certificate2.CreateFromPemFile(second.ClientCertificate, second.ClientKey);
        Assert.True(client.HasPrivateKey);
    }

    [Fact]
    public void Generate_FileMissing_Regenerates()
    {
        var first = Pki.Generate(_directory.Path);
        var caBytes = File.ReadAllBytes(first.CaCertificate);
        File.Delete(first.ClientPkcs12);

        var second = Pki.Generate(_directory.Path);

        Assert.True(File.Exists(second.ClientPkcs12));
        Assert.NotEqual(caBytes, File.ReadAllBytes(second.CaCertificate));
    }

    [Fact]
    public void Generate_LeafFromAnotherCa_Regenerates()
    {
        Pki.Generate(_directory.Path);
        using var other = new TempDirectory();
        var otherFiles = Pki.Generate(other.Path);
        File.Copy(otherFiles.CaCertificate, Path.Combine(_directory.Path, "ca.crt"), overwrite: true);

        var regenerated = Pki.Generate(_directory.Path);

        Assert.NotEqual(File.ReadAllBytes(otherFiles.CaCertificate), File.ReadAllBytes(regenerated.CaCertificate));
    }

    [Fact]
    public void Generate_ExtraServerName_RegeneratesToCoverIt()
    {
        Pki.Generate(_directory.Path);

        var files = Pki.Generate(_directory.Path, ["demo.internal", "127.0.0.2"]);

        using var server = X509CertificateLoader.LoadCertificateFromFile(files.ServerCertificate);
        Assert.True(server.MatchesHostname("demo.internal"));
        Assert.True(server.MatchesHostname("127.0.0.2"));
        Assert.True(server.MatchesHostname("localhost"));
    }

    [Fact]
    public void Generate_LeafAboutToExpire_Regenerates()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = Pki.Generate(_directory.Path, null, time);
        var caBytes = File.ReadAllBytes(first.CaCertificate);

        time.Advance(TimeSpan.FromDays(365));
        var second = Pki.Generate(_directory.Path, null, time);

        Assert.NotEqual(caBytes, File.ReadAllBytes(second.CaCertificate));
    }

    [Fact]
    public void Generate_OnUnix_KeysReadableByOwnerOnly()
    {
        var files = Pki.Generate(_directory.Path);
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has no Unix modes; the folder's ACL applies there.
        }

        foreach (var secret in new[] { files.ServerKey, files.ClientKey, files.ClientPkcs12 })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        }
    }

    [Fact]
    public void Generate_BlankServerName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Pki.Generate(_directory.Path, [" "]));
    }

    [Fact]
    public void Generate_Keys_AreEcdsaP256()
    {
        var files = Pki.Generate(_directory.Path);

        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(files.ServerKey));
        Assert.Equal(256, key.KeySize);
    }
}

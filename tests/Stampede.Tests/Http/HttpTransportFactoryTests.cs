using Stampede.Http;

namespace Stampede.Tests.Http;

public sealed class HttpTransportFactoryTests(TestPki pki) : IClassFixture<TestPki>
{
    [Fact]
    public void Create_MissingCaFile_ThrowsNamingFile()
    {
        var path = Path.Combine(pki.Directory, "missing-ca.crt");

        var error = Assert.Throws<InvalidInputException>(() => Create(new TlsSettings { CaCertificatePath = path }));

        Assert.Equal($"--cacert {path}: file not found; check the path", error.Message);
    }

    [Fact]
    public void Create_CaFileNotACertificate_Throws()
    {
        var error = Assert.Throws<InvalidInputException>(() => Create(new TlsSettings { CaCertificatePath = pki.GarbagePath }));

        Assert.StartsWith($"--cacert {pki.GarbagePath}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingClientCertFile_Throws()
    {
        var path = Path.Combine(pki.Directory, "missing.crt");

        var error = Assert.Throws<InvalidInputException>(() => Create(new TlsSettings { ClientCertificatePath = path, ClientKeyPath = pki.ClientKeyPath }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CertWithoutKey_ThrowsSuggestingKey()
    {
        var error = Assert.Throws<InvalidInputException>(() => Create(new TlsSettings { ClientCertificatePath = pki.ClientCertPath }));

        Assert.Equal($"--cert {pki.ClientCertPath}: no private key; pass --key client.key or a .p12 file", error.Message);
    }

    [Fact]
    public void Create_KeyNotMatchingCert_Throws()
    {
        var error = Assert.Throws<InvalidInputException>(() => Create(new TlsSettings { ClientCertificatePath = pki.ClientCertPath, ClientKeyPath = pki.OtherKeyPath }));

        Assert.Equal($"--key {pki.OtherKeyPath}: the key does not match the certificate in {pki.ClientCertPath}; pass the key issued with it", error.Message);
    }

    [Fact]
    public void Create_KeyWithoutCert_Throws()
    {
        var error = Assert.Throws<InvalidInputException>(() => Create(new TlsSettings { ClientKeyPath = pki.ClientKeyPath }));

        Assert.Contains("--cert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WrongPkcs12Password_ThrowsWithoutPassword()
    {
        const string wrong = "not-the-password-123";

        var error = Assert.Throws<InvalidInputException>(() => Create(new TlsSettings { ClientCertificatePath = pki.ClientP12Path, ClientCertificatePassword = wrong }));

        Assert.Contains(pki.ClientP12Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPki.P12Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ClientCertNotACertificate_Throws()
    {
        var binary = Path.Combine(pki.Directory, "binary.p12");
        File.WriteAllBytes(binary, [0x30, 0x03, 0x02, 0x01, 0x00, 0xff, 0xfe]);

        var error = Assert.Throws<InvalidInputException>(() => Create(new TlsSettings { ClientCertificatePath = binary }));

        Assert.StartsWith($"--cert {binary}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ValidPemAndPkcs12_Loads()
    {
        using var pem = HttpTransportFactory.Create(new HttpSettings { Tls = new TlsSettings { CaCertificatePath = pki.CaPath, ClientCertificatePath = pki.ClientCertPath, ClientKeyPath = pki.ClientKeyPath } });
        using var p12 = HttpTransportFactory.Create(new HttpSettings { Tls = new TlsSettings { ClientCertificatePath = pki.ClientP12Path, ClientCertificatePassword = TestPki.P12Password } });

        Assert.Equal(0, pem.OpenConnections);
        Assert.Equal(0, p12.OpenConnections);
    }

    [Fact]
    public void Create_NonPositiveTimeout_Throws()
    {
        Assert.Throws<InvalidInputException>(() => HttpTransportFactory.Create(new HttpSettings { Timeout = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData("Auto", "Http11", true, false, true)]
    [InlineData("Auto", "Http2", true, false, false)]
    [InlineData("Auto", "Http11", false, false, false)]
    [InlineData("Auto", "Http11", true, true, false)]
    [InlineData("Fast", "Http11", true, false, true)]
    [InlineData("Handler", "Http11", true, false, false)]
    public void Create_ChoosesTheHttpClientFromTheSettings(string transport, string version, bool perVu, bool redirects, bool fast)
    {
        var settings = new HttpSettings
        {
            Transport = Enum.Parse<HttpTransportKind>(transport),
            Version = Enum.Parse<HttpVersionMode>(version),
            ConnectionPerVu = perVu,
            FollowRedirects = redirects,
        };
        using var factory = HttpTransportFactory.Create(settings);
        var created = factory.Create();
        try
        {
            Assert.Equal(fast, factory.UsesFastTransport);
            Assert.Equal(fast, HttpTransportFactory.UsesFast(settings));
            Assert.Equal(fast ? "Http1Transport" : "HttpTransport", created.GetType().Name);
        }
        finally
        {
            created.Dispose();
        }
    }

    [Theory]
    [InlineData("Http2", true, false, "it speaks HTTP/1.1 only")]
    [InlineData("Http11", false, false, "it keeps connections per VU")]
    [InlineData("Http11", true, true, "it does not follow redirects")]
    public void Create_FastTransportWithSettingsItCannotServe_Throws(string version, bool perVu, bool redirects, string reason)
    {
        var error = Assert.Throws<InvalidInputException>(() => HttpTransportFactory.Create(new HttpSettings
        {
            Transport = HttpTransportKind.Fast,
            Version = Enum.Parse<HttpVersionMode>(version),
            ConnectionPerVu = perVu,
            FollowRedirects = redirects,
        }));

        Assert.StartsWith("transport fast: " + reason, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; use transport auto or handler", error.Message, StringComparison.Ordinal);
    }

    private static HttpTransportFactory Create(TlsSettings tls) => HttpTransportFactory.Create(new HttpSettings { Tls = tls });
}

using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stampede.Http;

/// <summary>
/// Certificates loaded and checked once per run: the CA to trust and the client certificate. Bad files
/// fail here, before any VU starts, with a one-line message naming the file and the fix.
/// </summary>
internal sealed class TlsMaterial : IDisposable
{
    private const string NotTrustedHint = "the server certificate is not trusted (pass --cacert or --insecure)";

    private TlsMaterial(bool insecure, X509Certificate2Collection? trustedRoots, X509Certificate2? clientCertificate)
    {
        Insecure = insecure;
        TrustedRoots = trustedRoots;
        ClientCertificate = clientCertificate;
    }

    /// <summary>Accept any server certificate.</summary>
    public bool Insecure { get; }

    /// <summary>The only roots trusted for server certificates, or null for the system store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; }

    /// <summary>The client certificate with its private key, or null.</summary>
    public X509Certificate2? ClientCertificate { get; }

    public static TlsMaterial Load(TlsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var roots = settings.CaCertificatePath is { } ca ? LoadRoots(ca) : null;
        try
        {
            var client = settings.ClientCertificatePath is { } cert
                ? LoadClientCertificate(cert, settings.ClientKeyPath, settings.ClientCertificatePassword)
                : settings.ClientKeyPath is { } key
                    ? throw new InvalidInputException($"--key {key}: a key needs its certificate; pass --cert client.crt too")
                    : null;
            return new TlsMaterial(settings.Insecure, roots, client);
        }
        catch
        {
            DisposeAll(roots);
            throw;
        }
    }

    /// <summary>
    /// Decides whether a server certificate is acceptable; on refusal returns the reason, phrased for a
    /// "TLS handshake failed: …" message.
    /// </summary>
    public string? Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (Insecure)
        {
            return null;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0 || certificate is null)
        {
            return "the server sent no certificate";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return "the server certificate does not match the host name (use the name it was issued for, or --insecure)";
        }

        if (TrustedRoots is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 ? NotTrustedHint : null;
        }

        // The system chain was built against the system store; rebuild it against our roots only,
        // keeping the intermediates the server sent.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(TrustedRoots);
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        var leaf = certificate as X509Certificate2;
        using var owned = leaf is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        return custom.Build(leaf ?? owned!) ? null : "the server certificate is not signed by the CA given with --cacert";
    }

    /// <summary>True once disposed.</summary>
    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        IsDisposed = true;
        DisposeAll(TrustedRoots);
        ClientCertificate?.Dispose();
    }

    private static X509Certificate2Collection LoadRoots(string path)
    {
        var text = ReadText(path, "--cacert");
        var roots = new X509Certificate2Collection();
        try
        {
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                roots.ImportFromPem(text);
            }
            else
            {
                roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (CryptographicException)
        {
            DisposeAll(roots);
            throw new InvalidInputException($"--cacert {path}: not a certificate; pass a PEM file of CA certificates");
        }

        if (roots.Count == 0)
        {
            throw new InvalidInputException($"--cacert {path}: no certificate found; pass a PEM file with -----BEGIN CERTIFICATE----- blocks");
        }

        return roots;
    }

    private static X509Certificate2 LoadClientCertificate(string certPath, string? keyPath, string? password)
    {
        var text = ReadText(certPath, "--cert");
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            if (keyPath is not null)
            {
                throw new InvalidInputException($"--cert {certPath}: not a PEM certificate; pass a PEM certificate with --key, or a .p12 file without it");
            }

            return LoadPkcs12(certPath, password);
        }

        if (!text.Contains("CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"--cert {certPath}: no certificate found; pass a PEM file with a -----BEGIN CERTIFICATE----- block");
        }

        string? keyText = null;
        if (keyPath is not null)
        {
            keyText = ReadText(keyPath, "--key");
        }
        else if (!text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"--cert {certPath}: no private key; pass --key client.key or a .p12 file");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(text, keyText ?? text);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            var option = keyPath is null ? "--cert" : "--key";
            var file = keyPath ?? certPath;

            // The runtime says "does not match" and "unreadable" with different exception types on
            // different platforms; a key that loads on its own can only be the wrong key.
            throw new InvalidInputException(KeyLoadsAlone(keyText ?? text)
                ? $"{option} {file}: the key does not match the certificate in {certPath}; pass the key issued with it"
                : $"{option} {file}: cannot read the private key; pass an unencrypted PEM key (PKCS#8, PKCS#1 or SEC1)");
        }

        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        // SChannel cannot use the ephemeral key CreateFromPem attaches; a PKCS#12 round trip gives
        // the certificate a key store it can use. OpenSSL (Linux) and macOS take the key as it is.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static bool KeyLoadsAlone(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static X509Certificate2 LoadPkcs12(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException ex) when (ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            // Never echo the password: say only that it did not open the file.
            throw new InvalidInputException(password is null
                ? $"--cert {path}: the PKCS#12 file needs a password; pass it with the certificate password option"
                : $"--cert {path}: the password does not open this PKCS#12 file; check the certificate password");
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // The loader throws ArgumentOutOfRangeException for some malformed files.
            throw new InvalidInputException($"--cert {path}: not a certificate; pass a PEM certificate with --key, or a .p12/.pfx file");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidInputException($"--cert {path}: the PKCS#12 file has no private key; export it with its key");
        }

        return certificate;
    }

    private static string ReadText(string path, string option)
    {
        try
        {
            // Certificates and keys are small; reading as Latin-1 keeps binary PKCS#12 bytes intact
            // enough for the PEM sniffing above without a decoding failure.
            return File.ReadAllText(path, System.Text.Encoding.Latin1);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidInputException($"{option} {path}: file not found; check the path");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InvalidInputException($"{option} {path}: file not found; check the path");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{option} {path}: cannot read the file; check its permissions");
        }
        catch (IOException ex)
        {
            throw new InvalidInputException($"{option} {path}: cannot read the file ({ex.Message})");
        }
    }

    private static void DisposeAll(X509Certificate2Collection? certificates)
    {
        if (certificates is null)
        {
            return;
        }

        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}

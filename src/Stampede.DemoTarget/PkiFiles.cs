namespace Stampede.DemoTarget;

/// <summary>
/// Paths of the files written by <see cref="Pki.Generate(string, IEnumerable{string})"/>. Certificates are PEM (<c>.crt</c>), keys are
/// unencrypted PKCS#8 PEM (<c>.key</c>, "PRIVATE KEY").
/// </summary>
/// <param name="Directory">Full path of the folder holding the files.</param>
/// <param name="CaCertificate">The throwaway CA certificate (<c>ca.crt</c>) clients trust.</param>
/// <param name="ServerCertificate">Server certificate (<c>server.crt</c>) for localhost, 127.0.0.1 and ::1.</param>
/// <param name="ServerKey">Server private key (<c>server.key</c>).</param>
/// <param name="ClientCertificate">Client certificate (<c>client.crt</c>) accepted under mTLS.</param>
/// <param name="ClientKey">Client private key (<c>client.key</c>).</param>
/// <param name="ClientPkcs12">Client certificate and key as PKCS#12 (<c>client.p12</c>).</param>
/// <param name="ClientPkcs12Password">Password of <paramref name="ClientPkcs12"/>; also stored in <c>client.p12.password</c>.</param>
public sealed record PkiFiles(
    string Directory,
    string CaCertificate,
    string ServerCertificate,
    string ServerKey,
    string ClientCertificate,
    string ClientKey,
    string ClientPkcs12,
    string ClientPkcs12Password);

namespace Stampede.DemoTarget.Certificates;

/// <summary>File names inside a PKI folder; one place so generation and reuse cannot disagree.</summary>
internal static class PkiLayout
{
    public const string CaCertificate = "ca.crt";
    public const string ServerCertificate = "server.crt";
    public const string ServerKey = "server.key";
    public const string ClientCertificate = "client.crt";
    public const string ClientKey = "client.key";
    public const string ClientPkcs12 = "client.p12";
    public const string ClientPkcs12Password = "client.p12.password";

    public static PkiFiles Files(string directory, string password) => new(
        directory,
        Path.Combine(directory, CaCertificate),
        Path.Combine(directory, ServerCertificate),
        Path.Combine(directory, ServerKey),
        Path.Combine(directory, ClientCertificate),
        Path.Combine(directory, ClientKey),
        Path.Combine(directory, ClientPkcs12),
        password);

    public static string PasswordFile(string directory) => Path.Combine(directory, ClientPkcs12Password);
}

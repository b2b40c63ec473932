using Stampede.DemoTarget.Certificates;

namespace Stampede.DemoTarget;

/// <summary>
/// Creates the throwaway public key infrastructure the demo target uses for TLS and mTLS: a CA, a server
/// certificate and a client certificate, all ECDSA P-256.
/// </summary>
public static class Pki
{
    /// <summary>Names the server certificate always covers.</summary>
    internal static readonly string[] DefaultServerNames = ["localhost", "127.0.0.1", "::1"];

    /// <summary>
    /// Writes <c>ca.crt</c>, <c>server.crt</c>/<c>server.key</c>, <c>client.crt</c>/<c>client.key</c>,
    /// <c>client.p12</c> and <c>client.p12.password</c> to <paramref name="directory"/>, creating it if needed.
    /// Files already there are kept when all are present, readable, the keys match, the CA still verifies
    /// both leaf certificates for at least another day and the server certificate covers every requested
    /// name; otherwise everything is generated afresh. The CA private key is never written, so nothing else
    /// can be signed with it later.
    /// </summary>
    /// <param name="directory">Folder for the files, relative to the current directory or absolute.</param>
    /// <param name="serverNames">
    /// DNS names or IP addresses the server certificate covers in addition to <c>localhost</c>,
    /// <c>127.0.0.1</c> and <c>::1</c>; <see langword="null"/> for just those.
    /// </param>
    /// <returns>The full paths of the files and the PKCS#12 password.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or a server name is blank.</exception>
    public static PkiFiles Generate(string directory, IEnumerable<string>? serverNames = null) =>
        Generate(directory, serverNames, TimeProvider.System);

    internal static PkiFiles Generate(string directory, IEnumerable<string>? serverNames, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var names = MergeServerNames(serverNames);
        var fullDirectory = Path.GetFullPath(directory);
        Directory.CreateDirectory(fullDirectory);

        var now = timeProvider.GetUtcNow();
        if (ExistingPki.TryReuse(fullDirectory, names, now, out var reused))
        {
            return reused;
        }

        return CertificateFactory.Write(fullDirectory, names, now);
    }

    private static List<string> MergeServerNames(IEnumerable<string>? serverNames)
    {
        var names = new List<string>(DefaultServerNames);
        if (serverNames is null)
        {
            return names;
        }

        foreach (var name in serverNames)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("Server names must not be blank.", nameof(serverNames));
            }

            var trimmed = name.Trim();
            if (!names.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(trimmed);
            }
        }

        return names;
    }
}

using System.Security.Cryptography.X509Certificates;

namespace Stampede.DemoTarget.Tests.TestSupport;

/// <summary>HttpClients set up the way a load generator would: no proxy, redirects, cookies or decompression.</summary>
internal static class TestHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static HttpClient CreateClient(
        Uri baseUrl,
        X509Certificate2? trustedCa = null,
        X509Certificate2? clientCertificate = null,
        Version? version = null,
        bool alwaysSendClientCertificate = false)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = Timeout,
        };
        if (trustedCa is not null)
        {
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { trustedCa },
            };
        }

        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            if (alwaysSendClientCertificate)
            {
                // The default selection may withhold a certificate without the client-auth usage; a test of the
                // server's check must make sure the certificate actually reaches the server.
                handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
            }
        }

        var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout };
        if (version is not null)
        {
            client.DefaultRequestVersion = version;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        return client;
    }

    /// <summary>Starts a server on 127.0.0.1 with an ephemeral port, whatever <paramref name="options"/> says about URLs.</summary>
    public static Task<DemoTargetServer> StartLoopbackAsync(DemoTargetOptions? options = null) =>
        DemoTargetServer.StartAsync((options ?? new DemoTargetOptions()) with { Urls = ["http://127.0.0.1:0"] });
}

using System.Globalization;
using System.Net;
using System.Text;

namespace Stampede.DemoTarget.Hosting;

/// <summary>Checks <see cref="DemoTargetOptions"/> and reports every problem in one exception.</summary>
internal static class DemoTargetOptionsValidator
{
    /// <summary>The listen endpoints described by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">Any option is invalid; the message lists all of them with a fix each.</exception>
    public static List<ListenEndpoint> Validate(DemoTargetOptions options)
    {
        var errors = new List<string>();
        var endpoints = new List<ListenEndpoint>();
        if (options.Urls is null || options.Urls.Count == 0)
        {
            errors.Add("Urls is empty; give at least one address such as http://127.0.0.1:5080.");
        }
        else
        {
            for (var i = 0; i < options.Urls.Count; i++)
            {
                var error = TryParse(options.Urls[i], out var endpoint);
                if (error is null)
                {
                    endpoints.Add(endpoint);
                }
                else
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"Urls[{i}] '{options.Urls[i]}': {error}"));
                }
            }
        }

        if (options.RateLimitPerSecond < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"RateLimitPerSecond is {options.RateLimitPerSecond}; it must be at least 1."));
        }

        if (options.RateLimitBurst < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"RateLimitBurst is {options.RateLimitBurst}; it must be at least 1."));
        }

        if (options.UsesTls && string.IsNullOrWhiteSpace(options.PkiDirectory))
        {
            errors.Add("PkiDirectory is empty; TLS needs a folder for the generated certificates, such as \"pki\".");
        }

        if (errors.Count > 0)
        {
            var message = new StringBuilder("Invalid demo target options:");
            foreach (var error in errors)
            {
                message.Append("\n  - ").Append(error);
            }

            throw new ArgumentException(message.ToString(), nameof(options));
        }

        return endpoints;
    }

    private static string? TryParse(string? url, out ListenEndpoint endpoint)
    {
        endpoint = default;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "not an absolute URL; use the form http://127.0.0.1:5080.";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "the scheme must be http or https.";
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return "only scheme, host and port are allowed; remove the path, query or user information.";
        }

        if (uri.IsLoopback && string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            if (uri.Port == 0)
            {
                return "port 0 cannot be used with localhost (it would need two ephemeral ports); use http://127.0.0.1:0.";
            }

            endpoint = new ListenEndpoint(null, uri.Port);
            return null;
        }

        if (!IPAddress.TryParse(uri.DnsSafeHost, out var address) || !IPAddress.IsLoopback(address))
        {
            return "the demo target only listens on loopback addresses, so it is never reachable from other machines; "
                + "use 127.0.0.1, [::1] or localhost.";
        }

        endpoint = new ListenEndpoint(address, uri.Port);
        return null;
    }
}

using System.Net.Http.Headers;
using System.Text;
using Stampede.Metrics;

namespace Stampede.Cli.Outputs;

/// <summary>
/// <c>--out influxdb=http://HOST:PORT/DB</c> (k6's form): each interval as InfluxDB 1.x line protocol, posted to
/// <c>/write?db=DB&amp;precision=ms</c>. Credentials in the URL (<c>http://user:password@host:8086/db</c>) are sent
/// as basic authentication and never shown. The schema is in docs/outputs.md.
/// </summary>
public sealed class InfluxDbOutput : BatchingOutput
{
    private readonly Uri _write;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly StringBuilder _buffer = new();

    /// <summary>Creates the output for a URL of the form <c>http://HOST:PORT/DB</c>.</summary>
    /// <exception cref="InvalidInputException">The URL is not of that form.</exception>
    public InfluxDbOutput(string url, DeliveryOptions? options = null)
        : this(Parse(url), options)
    {
    }

    private InfluxDbOutput((Uri Server, string Database, string Shown, string? UserInfo) target, DeliveryOptions? options)
        : base("influxdb", target.Shown, options)
    {
        Database = target.Database;
        _write = new Uri(target.Server, $"write?db={Uri.EscapeDataString(target.Database)}&precision=ms");
        if (target.UserInfo is { } userInfo)
        {
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(userInfo))));
        }
    }

    /// <summary>The database written to.</summary>
    public string Database { get; }

    /// <inheritdoc />
    protected override OutputPayload? Encode(IntervalSnapshot snapshot, long timestampMs)
    {
        _buffer.Clear();
        var points = LineProtocol.Append(_buffer, snapshot, timestampMs);
        return points == 0 ? null : new OutputPayload(Encoding.UTF8.GetBytes(_buffer.ToString()), points);
    }

    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, _write) { Content = content };
        request.Headers.Authorization = _authorization;
        return request;
    }

    /// <summary>Splits <c>http://[user:password@]HOST:PORT/DB</c> into the server, the database and what may be shown.</summary>
    internal static (Uri Server, string Database, string Shown, string? UserInfo) Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        const string Form = "give it as influxdb=http://HOST:PORT/DATABASE, e.g. influxdb=http://127.0.0.1:8086/k6";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidInputException($"--out influxdb: '{Redact(url)}' is not an http:// or https:// URL; {Form}");
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length == 0 || path.Contains('/', StringComparison.Ordinal))
        {
            throw new InvalidInputException(
                $"--out influxdb: the URL's path must be the database name alone, found '{uri.AbsolutePath}' in '{Redact(url)}'; {Form}");
        }

        if (uri.Query.Length > 0)
        {
            throw new InvalidInputException($"--out influxdb: the URL takes no query ('{uri.Query}' found); {Form}");
        }

        var server = new UriBuilder(uri.Scheme, uri.Host, uri.Port, "/").Uri;
        var userInfo = uri.UserInfo.Length > 0 ? uri.UserInfo : null;
        return (server, Uri.UnescapeDataString(path), $"{server}{path}", userInfo);
    }

    internal static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal) : url;
}

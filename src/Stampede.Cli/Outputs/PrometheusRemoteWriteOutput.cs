using System.Net.Http.Headers;
using System.Text;
using Snappier;
using Stampede.Metrics;

namespace Stampede.Cli.Outputs;

/// <summary>
/// <c>--out prometheus-rw=http://HOST:9090/api/v1/write</c>: Prometheus remote write 1.0. Every interval sends one
/// sample per series, stamped with the interval's end, of the same cumulative metrics <c>/metrics</c> exposes (see
/// <see cref="PrometheusState"/>); a batch of intervals is one snappy-compressed protobuf <c>WriteRequest</c>.
/// Credentials in the URL are sent as basic authentication and never shown.
/// </summary>
public sealed class PrometheusRemoteWriteOutput : BatchingOutput
{
    private readonly PrometheusState _state = new();
    private readonly RemoteWriteEncoder _encoder = new();
    private readonly Uri _url;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Creates the output for the receiver's URL, e.g. <c>http://127.0.0.1:9090/api/v1/write</c>.</summary>
    /// <exception cref="InvalidInputException">The URL is not an http(s) URL with a path.</exception>
    public PrometheusRemoteWriteOutput(string url, DeliveryOptions? options = null)
        : this(Parse(url), options)
    {
    }

    private PrometheusRemoteWriteOutput((Uri Url, string Shown, string? UserInfo) target, DeliveryOptions? options)
        : base("prometheus-rw", target.Shown, options)
    {
        _url = target.Url;
        if (target.UserInfo is { } userInfo)
        {
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(userInfo))));
        }
    }

    /// <inheritdoc />
    protected override string Unit => "samples";

    /// <inheritdoc />
    protected override OutputPayload? Encode(IntervalSnapshot snapshot, long timestampMs)
    {
        _state.Update(snapshot);
        _encoder.Reset();
        _state.Read(families =>
        {
            foreach (var family in families)
            {
                foreach (var series in family.Series.Values)
                {
                    if (family.Type != PrometheusType.Histogram)
                    {
                        _encoder.Add(family.Name, series.Labels, null, series.Value, timestampMs);
                        continue;
                    }

                    var bucket = family.Name + "_bucket";
                    long cumulative = 0;
                    for (var i = 0; i < family.Bounds.Length; i++)
                    {
                        cumulative += series.Buckets[i];
                        _encoder.Add(bucket, series.Labels, family.BoundLabels[i], cumulative, timestampMs);
                    }

                    _encoder.Add(bucket, series.Labels, "+Inf", series.Count, timestampMs);
                    _encoder.Add(family.Name + "_sum", series.Labels, null, series.Sum, timestampMs);
                    _encoder.Add(family.Name + "_count", series.Labels, null, series.Count, timestampMs);
                }
            }

            return 0;
        });
        return _encoder.Samples == 0 ? null : new OutputPayload(_encoder.ToArray(), _encoder.Samples);
    }

    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(byte[] body)
    {
        // Concatenated WriteRequests are one WriteRequest (repeated fields merge); the batch is compressed whole.
        var content = new ByteArrayContent(Snappy.CompressToArray(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        request.Headers.Authorization = _authorization;
        return request;
    }

    /// <summary>Checks the URL and splits off credentials.</summary>
    internal static (Uri Url, string Shown, string? UserInfo) Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        const string Form = "give the receiver's URL, e.g. prometheus-rw=http://127.0.0.1:9090/api/v1/write (Prometheus started with --web.enable-remote-write-receiver)";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidInputException($"--out prometheus-rw: '{InfluxDbOutput.Redact(url)}' is not an http:// or https:// URL; {Form}");
        }

        if (uri.AbsolutePath.Trim('/').Length == 0)
        {
            throw new InvalidInputException($"--out prometheus-rw: '{uri.Scheme}://{uri.Authority}' has no path; {Form}");
        }

        var userInfo = uri.UserInfo.Length > 0 ? uri.UserInfo : null;
        var clean = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
        return (clean, clean.ToString(), userInfo);
    }
}

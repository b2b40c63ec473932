using System.Diagnostics;
using System.Text;
using Stampede.Http;

namespace Stampede.Tests.Http;

internal static class HttpTestHelpers
{
    public static HttpRequestDefinition Get(Uri url, bool captureBody = false, TimeSpan? timeout = null) => new()
    {
        Name = url.AbsolutePath,
        Method = HttpMethod.Get,
        Url = url,
        CaptureBody = captureBody,
        Timeout = timeout,
    };

    public static string BodyText(this HttpExchange exchange) => Encoding.UTF8.GetString(exchange.Body.Span);

    public static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
}

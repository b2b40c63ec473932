using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Stampede.DemoTarget.RateLimiting;

namespace Stampede.DemoTarget.Endpoints;

/// <summary><c>GET /api/limited</c>: 200 while the token bucket has tokens, 429 with <c>Retry-After</c> otherwise.</summary>
internal sealed class LimitedEndpoint(TokenBucket bucket)
{
    private static readonly byte[] TooManyRequests = Responses.Error("rate limit exceeded");

    public Task HandleAsync(HttpContext context)
    {
        if (bucket.TryAcquire(out var retryAfterSeconds))
        {
            return Responses.WriteJsonAsync(context.Response, StatusCodes.Status200OK, Responses.Ok);
        }

        // With a rate of at least one per second the wait is always one second: skip the formatting.
        context.Response.Headers[HeaderNames.RetryAfter] = retryAfterSeconds == 1
            ? "1"
            : retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Responses.WriteJsonAsync(context.Response, StatusCodes.Status429TooManyRequests, TooManyRequests);
    }
}

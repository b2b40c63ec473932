using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Stampede.DemoTarget.Json;

namespace Stampede.DemoTarget.Endpoints;

/// <summary>Endpoints with no state of their own: <c>/</c>, <c>/health</c>, flaky, items and reset.</summary>
internal static class BasicEndpoints
{
    private static readonly byte[] Banner = Encoding.UTF8.GetBytes("stampede demo target");
    private static readonly byte[] FlakyUsage = Responses.Error("p must be a number from 0 to 1");
    private static readonly byte[] FlakyFailure = Responses.Error("flaky failure");
    private static readonly byte[] NotFound = Responses.Error("not found: id must be a positive integer");

    public static Task RootAsync(HttpContext context) =>
        Responses.WriteAsync(context.Response, StatusCodes.Status200OK, Responses.TextContentType, Banner);

    public static Task HealthAsync(HttpContext context) =>
        Responses.WriteJsonAsync(context.Response, StatusCodes.Status200OK, Responses.Ok);

    public static Task FlakyAsync(HttpContext context)
    {
        if (!QueryParameters.TryReadDouble(context.Request, "p", 0.1, 0, 1, out var probability))
        {
            return Responses.WriteJsonAsync(context.Response, StatusCodes.Status400BadRequest, FlakyUsage);
        }

        // NextDouble is in [0, 1), so p = 0 never fails and p = 1 always does.
        return Random.Shared.NextDouble() < probability
            ? Responses.WriteJsonAsync(context.Response, StatusCodes.Status500InternalServerError, FlakyFailure)
            : Responses.WriteJsonAsync(context.Response, StatusCodes.Status200OK, Responses.Ok);
    }

    public static Task ItemAsync(HttpContext context)
    {
        var raw = context.Request.RouteValues["id"] as string;
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return Responses.WriteJsonAsync(context.Response, StatusCodes.Status404NotFound, NotFound);
        }

        var item = new ItemResponse(id, "item-" + id.ToString(CultureInfo.InvariantCulture), PriceOf(id));
        return context.Response.WriteAsJsonAsync(item, DemoJsonContext.Default.ItemResponse, contentType: null, context.RequestAborted);
    }

    /// <summary>Simulates a server that drops the connection, so load generators can be checked for counting it.</summary>
    public static Task ResetAsync(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    /// <summary>A price from 1.00 to 100.99 that depends only on the id, so responses can be asserted on.</summary>
    internal static decimal PriceOf(long id)
    {
        var cents = (ulong)id * 2654435761UL % 10_000UL;
        return 1m + (cents / 100m);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Stampede.Cli.Dashboard;

/// <summary>
/// Who may use the dashboard. On loopback: requests whose Host is a loopback name (so a web page elsewhere cannot reach
/// it through DNS rebinding). On any other address: only requests carrying the random token printed at start — as
/// <c>?token=</c>, the <c>X-Stampede-Token</c> header, <c>Authorization: Bearer</c>, or the cookie the page gets after
/// opening with the token in its address.
/// </summary>
internal sealed class DashboardAccess
{
    /// <summary>The query parameter and cookie that carry the token.</summary>
    public const string TokenParameter = "token";

    /// <summary>The header that carries the token.</summary>
    public const string TokenHeader = "X-Stampede-Token";

    private const string CookieName = "stampede_token";

    private readonly byte[]? _token;

    private DashboardAccess(string? token)
    {
        Token = token;
        _token = token is null ? null : Encoding.ASCII.GetBytes(token);
    }

    /// <summary>The token required, or null on loopback.</summary>
    public string? Token { get; }

    /// <summary>Open on loopback; with a new random token (256 bits, URL-safe) on any other address.</summary>
    public static DashboardAccess For(DashboardAddress address) =>
        new(address.IsLoopback ? null : NewToken());

    /// <summary>Access guarded by <paramref name="token"/> whatever the address (tests).</summary>
    public static DashboardAccess WithToken(string token) => new(token);

    /// <summary>A new random token: 32 bytes from the OS's cryptographic generator, base64url.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Checks a request: null lets it through; otherwise the status (401 or 403) and message to answer with.</summary>
    public (int Status, string Message)? Check(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_token is null)
        {
            return IsLoopbackHost(context.Request.Host.Host) ? null
                : (StatusCodes.Status403Forbidden, "the dashboard answers only requests addressed to a loopback host (127.0.0.1, [::1], localhost)");
        }

        var (given, fromQuery) = Presented(context.Request);
        if (given is null || !Matches(given))
        {
            return (StatusCodes.Status401Unauthorized,
                "this dashboard needs its access token: open the address printed at start (with ?token=…), or send the X-Stampede-Token header");
        }

        if (fromQuery)
        {
            // The page's own requests (scripts, styles, the live data) then carry the token without putting it in every address.
            context.Response.Cookies.Append(CookieName, given, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
            });
        }

        return null;
    }

    private static (string? Token, bool FromQuery) Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(TokenHeader, out var header) && header.Count == 1)
        {
            return (header[0], false);
        }

        if (request.Headers.Authorization is { Count: 1 } authorization &&
            authorization[0] is { } bearer && bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (bearer["Bearer ".Length..].Trim(), false);
        }

        if (request.Query.TryGetValue(TokenParameter, out var query) && query.Count == 1)
        {
            return (query[0], true);
        }

        return (request.Cookies.TryGetValue(CookieName, out var cookie) ? cookie : null, false);
    }

    private bool Matches(string given)
    {
        var bytes = Encoding.ASCII.GetBytes(given);
        return CryptographicOperations.FixedTimeEquals(bytes, _token);
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stampede.DemoTarget.Json;

namespace Stampede.DemoTarget.Endpoints;

/// <summary>
/// Fixed bodies encoded once at start-up and the one way they are written, so the hottest endpoints
/// allocate nothing per request.
/// </summary>
internal static class Responses
{
    public const string JsonContentType = "application/json";
    public const string TextContentType = "text/plain; charset=utf-8";

    public static readonly byte[] Ok = JsonSerializer.SerializeToUtf8Bytes(new StatusResponse("ok"), DemoJsonContext.Default.StatusResponse);
    public static readonly byte[] Stopping = Error("server is stopping");

    public static byte[] Error(string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse(message), DemoJsonContext.Default.ErrorResponse);

    public static Task WriteJsonAsync(HttpResponse response, int statusCode, byte[] body) =>
        WriteAsync(response, statusCode, JsonContentType, body);

    public static async Task WriteAsync(HttpResponse response, int statusCode, string contentType, byte[] body)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.BodyWriter.WriteAsync(body).ConfigureAwait(false);
    }
}

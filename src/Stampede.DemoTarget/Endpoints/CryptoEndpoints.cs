using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stampede.DemoTarget.Crypto;
using Stampede.DemoTarget.Json;

namespace Stampede.DemoTarget.Endpoints;

/// <summary><c>POST /api/encrypt</c> and <c>POST /api/decrypt</c> over the service's own AES-GCM key.</summary>
internal sealed class CryptoEndpoints(AesGcmCipher cipher)
{
    private static readonly byte[] EncryptUsage = Responses.Error("body must be JSON {\"plaintext\":\"...\"}");
    private static readonly byte[] DecryptUsage = Responses.Error("body must be JSON {\"ciphertext\":\"...\"}");
    private static readonly byte[] NotBase64 = Responses.Error("ciphertext is not valid base64");
    private static readonly byte[] TooShort = Responses.Error("ciphertext is too short");
    private static readonly byte[] AuthenticationFailed = Responses.Error("authentication failed");

    public async Task EncryptAsync(HttpContext context)
    {
        var request = await ReadAsync(context, DemoJsonContext.Default.EncryptRequest).ConfigureAwait(false);
        if (request?.Plaintext is not { } plaintext)
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status400BadRequest, EncryptUsage).ConfigureAwait(false);
            return;
        }

        var response = new EncryptResponse(Seal(plaintext));
        await context.Response.WriteAsJsonAsync(response, DemoJsonContext.Default.EncryptResponse, contentType: null, context.RequestAborted)
            .ConfigureAwait(false);
    }

    public async Task DecryptAsync(HttpContext context)
    {
        var request = await ReadAsync(context, DemoJsonContext.Default.DecryptRequest).ConfigureAwait(false);
        if (request?.Ciphertext is not { } ciphertext)
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status400BadRequest, DecryptUsage).ConfigureAwait(false);
            return;
        }

        var error = Open(ciphertext, out var plaintext);
        if (error is not null)
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(new DecryptResponse(plaintext!), DemoJsonContext.Default.DecryptResponse, contentType: null, context.RequestAborted)
            .ConfigureAwait(false);
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // Malformed input is the caller's mistake and gets a 400, not a 500.
            return null;
        }
    }

    private string Seal(string plaintext)
    {
        var plainLength = Encoding.UTF8.GetByteCount(plaintext);
        var sealedLength = plainLength + AesGcmCipher.Overhead;
        var buffer = ArrayPool<byte>.Shared.Rent(plainLength + sealedLength);
        var plain = buffer.AsSpan(0, plainLength);
        try
        {
            Encoding.UTF8.GetBytes(plaintext, plain);
            var sealedMessage = buffer.AsSpan(plainLength, sealedLength);
            cipher.Seal(plain, sealedMessage);
            return Convert.ToBase64String(sealedMessage);
        }
        finally
        {
            // Pooled arrays are handed to unrelated code next; plaintext must not travel with them.
            CryptographicOperations.ZeroMemory(plain);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Null and the plaintext on success, otherwise the error body to send.</summary>
    private byte[]? Open(string ciphertext, out string? plaintext)
    {
        plaintext = null;
        var maxLength = (int)Math.Min(int.MaxValue / 2, ((long)ciphertext.Length * 3 / 4) + 3);
        var buffer = ArrayPool<byte>.Shared.Rent(maxLength * 2);
        var plain = Span<byte>.Empty;
        try
        {
            var sealedMessage = buffer.AsSpan(0, maxLength);
            if (!Convert.TryFromBase64String(ciphertext, sealedMessage, out var written))
            {
                return NotBase64;
            }

            if (written < AesGcmCipher.Overhead)
            {
                return TooShort;
            }

            plain = buffer.AsSpan(maxLength, written - AesGcmCipher.Overhead);
            if (!cipher.TryOpen(sealedMessage[..written], plain))
            {
                return AuthenticationFailed;
            }

            plaintext = Encoding.UTF8.GetString(plain);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

namespace Stampede.DemoTarget.Json;

/// <summary>Answer of <c>POST /api/encrypt</c>: base64 of nonce, ciphertext and tag.</summary>
internal sealed record EncryptResponse(string Ciphertext);

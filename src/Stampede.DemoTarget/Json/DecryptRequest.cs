namespace Stampede.DemoTarget.Json;

/// <summary>Body of <c>POST /api/decrypt</c>.</summary>
internal sealed record DecryptRequest(string? Ciphertext);

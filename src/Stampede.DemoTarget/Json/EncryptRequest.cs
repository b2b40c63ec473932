namespace Stampede.DemoTarget.Json;

/// <summary>Body of <c>POST /api/encrypt</c>.</summary>
internal sealed record EncryptRequest(string? Plaintext);

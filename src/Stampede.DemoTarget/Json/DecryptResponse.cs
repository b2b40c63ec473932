namespace Stampede.DemoTarget.Json;

/// <summary>Answer of <c>POST /api/decrypt</c>.</summary>
internal sealed record DecryptResponse(string Plaintext);

namespace Stampede.DemoTarget.Json;

/// <summary>Body of <c>GET /health</c>.</summary>
internal sealed record StatusResponse(string Status);

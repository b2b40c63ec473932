namespace Stampede.DemoTarget.Json;

/// <summary>Answer of <c>GET /api/items/{id}</c>.</summary>
internal sealed record ItemResponse(long Id, string Name, decimal Price);

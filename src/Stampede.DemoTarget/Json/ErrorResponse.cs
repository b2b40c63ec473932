namespace Stampede.DemoTarget.Json;

/// <summary>Body of every 4xx/5xx answer that has one.</summary>
internal sealed record ErrorResponse(string Error);

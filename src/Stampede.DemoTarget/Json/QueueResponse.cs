namespace Stampede.DemoTarget.Json;

/// <summary>Answer of <c>GET /api/queue</c>: the request's place in line and how long it waited for a worker.</summary>
internal sealed record QueueResponse(string Status, long Ticket, double QueuedMs);

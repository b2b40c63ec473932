using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stampede.Engine;

namespace Stampede.Cli.Dashboard;

/// <summary>Reads the control page's JSON commands, with a clear message for every bad field.</summary>
internal static class DashboardRequests
{
    /// <summary><c>{"model":"users","users":50,"spawnRate":5,"duration":"10m"}</c> or <c>{"model":"rate","rate":200,"duration":"5m","maxVUs":500}</c>.</summary>
    public static DashboardStart Start(JsonElement body)
    {
        RequireObject(body);
        var duration = String(body, "duration") ?? "10m";
        TimeSpan parsed;
        try
        {
            parsed = Durations.Parse(duration, "duration");
        }
        catch (InvalidInputException ex)
        {
            throw Bad(ex.Message);
        }

        return new DashboardStart
        {
            Model = String(body, "model") ?? "users",
            Users = Int(body, "users"),
            SpawnRate = Number(body, "spawnRate"),
            Rate = Number(body, "rate"),
            Duration = parsed,
            MaxVus = Int(body, "maxVUs"),
        };
    }

    /// <summary><c>{"users":80,"spawnRate":10}</c> or <c>{"rate":400}</c>.</summary>
    public static DashboardChange Change(JsonElement body)
    {
        RequireObject(body);
        return new DashboardChange(Int(body, "users"), Number(body, "spawnRate"), Number(body, "rate"));
    }

    private static void RequireObject(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Bad("the body must be a JSON object");
        }
    }

    private static string? String(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Bad($"{name} must be a string, e.g. \"10m\"");

    private static double? Number(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Bad($"{name} must be a number");
    }

    private static int? Int(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw Bad($"{name} must be a whole number");
    }

    private static DashboardRequestException Bad(string message) => new(StatusCodes.Status400BadRequest, message);
}

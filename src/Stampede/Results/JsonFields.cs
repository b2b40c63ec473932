using System.Globalization;
using System.Text.Json;

namespace Stampede.Results;

/// <summary>
/// Typed access to the properties of a results file. Every failure is a <see cref="FormatException"/>
/// naming the JSON path, so a bad file is reported as "what is wrong, where" rather than a stack trace.
/// </summary>
internal static class JsonFields
{
    /// <summary>A required property.</summary>
    public static JsonElement Get(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: expected an object");
        }

        return obj.TryGetProperty(name, out var value) ? value : throw new FormatException($"{Join(path, name)}: missing");
    }

    /// <summary>An optional property (null when absent or JSON null).</summary>
    public static JsonElement? Find(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>A required object.</summary>
    public static JsonElement Object(JsonElement obj, string name, string path) =>
        Kind(Get(obj, name, path), JsonValueKind.Object, Join(path, name), "an object");

    /// <summary>A required array.</summary>
    public static JsonElement Array(JsonElement obj, string name, string path) =>
        Kind(Get(obj, name, path), JsonValueKind.Array, Join(path, name), "an array");

    /// <summary>A required string.</summary>
    public static string String(JsonElement obj, string name, string path) =>
        Kind(Get(obj, name, path), JsonValueKind.String, Join(path, name), "a string").GetString()!;

    /// <summary>An optional string (null when absent or JSON null).</summary>
    public static string? OptionalString(JsonElement obj, string name, string path) =>
        Find(obj, name) is { } value ? Kind(value, JsonValueKind.String, Join(path, name), "a string").GetString() : null;

    /// <summary>A required boolean.</summary>
    public static bool Bool(JsonElement obj, string name, string path)
    {
        var value = Get(obj, name, path);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"{Join(path, name)}: expected true or false"),
        };
    }

    /// <summary>A required number.</summary>
    public static double Double(JsonElement obj, string name, string path) =>
        Kind(Get(obj, name, path), JsonValueKind.Number, Join(path, name), "a number").GetDouble();

    /// <summary>A number that may be null (NaN then), as written for an empty min or max.</summary>
    public static double DoubleOrNaN(JsonElement obj, string name, string path) =>
        Find(obj, name) is { } value ? Kind(value, JsonValueKind.Number, Join(path, name), "a number").GetDouble() : double.NaN;

    /// <summary>A required whole number.</summary>
    public static long Long(JsonElement obj, string name, string path)
    {
        var value = Kind(Get(obj, name, path), JsonValueKind.Number, Join(path, name), "a number");
        return value.TryGetInt64(out var result) ? result : throw new FormatException($"{Join(path, name)}: expected a whole number");
    }

    /// <summary>An optional whole number.</summary>
    public static long OptionalLong(JsonElement obj, string name, string path, long fallback) =>
        Find(obj, name) is null ? fallback : Long(obj, name, path);

    /// <summary>A required 32-bit whole number.</summary>
    public static int Int(JsonElement obj, string name, string path)
    {
        var value = Long(obj, name, path);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new FormatException($"{Join(path, name)}: out of range");
    }

    /// <summary>A required duration written in seconds.</summary>
    public static TimeSpan Seconds(JsonElement obj, string name, string path) => FromSeconds(Double(obj, name, path));

    /// <summary>A required ISO 8601 time with offset.</summary>
    public static DateTimeOffset Time(JsonElement obj, string name, string path)
    {
        var text = String(obj, name, path);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"{Join(path, name)}: '{text}' is not an ISO 8601 time");
    }

    /// <summary>Seconds as written by <see cref="ToSeconds"/>, back to the exact tick.</summary>
    public static TimeSpan FromSeconds(double seconds)
    {
        var ticks = Math.Round(seconds * TimeSpan.TicksPerSecond);
        return ticks is >= long.MinValue and <= long.MaxValue
            ? TimeSpan.FromTicks((long)ticks)
            : throw new FormatException($"duration {seconds.ToString(CultureInfo.InvariantCulture)} s is out of range");
    }

    /// <summary>A duration in seconds; exact to the tick for any run shorter than decades.</summary>
    public static double ToSeconds(TimeSpan duration) => duration.Ticks / (double)TimeSpan.TicksPerSecond;

    /// <summary>A path with one more property.</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static JsonElement Kind(JsonElement value, JsonValueKind kind, string path, string what) =>
        value.ValueKind == kind ? value : throw new FormatException($"{path}: expected {what}, found {Describe(value.ValueKind)}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

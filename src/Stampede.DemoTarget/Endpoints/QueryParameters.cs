using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Stampede.DemoTarget.Endpoints;

/// <summary>Reads numeric query parameters with the invariant culture, so <c>p=0.5</c> means the same everywhere.</summary>
internal static class QueryParameters
{
    /// <summary>
    /// The parameter <paramref name="name"/> as an integer in [<paramref name="min"/>, <paramref name="max"/>];
    /// <paramref name="fallback"/> when absent (absent and no fallback is invalid).
    /// </summary>
    public static bool TryReadInt32(HttpRequest request, string name, int? fallback, int min, int max, out int value)
    {
        var raw = request.Query[name];
        if (raw.Count == 0)
        {
            value = fallback.GetValueOrDefault();
            return fallback.HasValue;
        }

        return int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }

    /// <summary>The parameter <paramref name="name"/> as a finite number in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public static bool TryReadDouble(HttpRequest request, string name, double fallback, double min, double max, out double value)
    {
        var raw = request.Query[name];
        if (raw.Count == 0)
        {
            value = fallback;
            return true;
        }

        return double.TryParse(raw[0], NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value) && value >= min && value <= max;
    }
}

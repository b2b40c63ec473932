using System.Globalization;
using System.Text;

namespace Stampede.Engine;

/// <summary>Durations the way users write them: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h30m</c>, <c>1.5s</c>, <c>250us</c>.</summary>
public static class Durations
{
    /// <summary>Parses a duration; a bare number is not accepted (units are required), except 0.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s == "0")
        {
            return true;
        }

        double totalMs = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]) || i < s.Length && s[i] == 'µ')
            {
                i++;
            }

            double? scale = s[unitStart..i] switch
            {
                "ns" => 1e-6,
                "us" or "µs" => 1e-3,
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            totalMs += number * scale.Value;
        }

        if (totalMs > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)Math.Round(totalMs * TimeSpan.TicksPerMillisecond));
        return true;
    }

    /// <summary>Parses a duration or throws <see cref="InvalidInputException"/> naming the field.</summary>
    public static TimeSpan Parse(string? text, string field)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new InvalidInputException($"{field}: '{text}' is not a duration; write it like 500ms, 30s, 2m or 1h30m");
    }

    /// <summary>Formats a duration compactly (<c>1h30m</c>, <c>2m</c>, <c>1.5s</c>, <c>250ms</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = value.Negate();
        }

        if (value.TotalHours >= 1)
        {
            sb.Append((long)value.TotalHours).Append('h');
        }

        if (value.Minutes > 0)
        {
            sb.Append(value.Minutes).Append('m');
        }

        var seconds = value.Seconds + (value.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            sb.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        }

        return sb.ToString();
    }
}

/// <summary>Rates the way users write them: <c>1000/s</c>, <c>60/m</c>, <c>5/1s</c>, <c>10/100ms</c>.</summary>
public static class Rates
{
    /// <summary>Parses a rate into a count per time unit.</summary>
    public static bool TryParse(string? text, out double count, out TimeSpan timeUnit)
    {
        count = 0;
        timeUnit = TimeSpan.FromSeconds(1);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('/');
        if (parts.Length > 2 ||
            !double.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out count) || count <= 0)
        {
            return false;
        }

        if (parts.Length == 1)
        {
            return true;
        }

        var unit = parts[1];
        if (unit.Length > 0 && !char.IsAsciiDigit(unit[0]))
        {
            unit = "1" + unit;
        }

        return Durations.TryParse(unit, out timeUnit) && timeUnit > TimeSpan.Zero;
    }

    /// <summary>Parses a rate or throws <see cref="InvalidInputException"/> naming the field.</summary>
    public static (double Count, TimeSpan TimeUnit) Parse(string? text, string field)
    {
        if (TryParse(text, out var count, out var unit))
        {
            return (count, unit);
        }

        throw new InvalidInputException($"{field}: '{text}' is not a rate; write it like 1000/s, 60/m or 5/100ms (a positive count per time unit)");
    }
}

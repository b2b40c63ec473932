using System.Globalization;

namespace Stampede.Tests;

/// <summary>Runs code under another culture, as a German or French machine would, and puts the old one back.</summary>
internal static class Cultures
{
    public static T With<T>(CultureInfo culture, Func<T> action)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, ui);
        }
    }
}

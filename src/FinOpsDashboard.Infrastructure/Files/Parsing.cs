using System.Globalization;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>Invariant-culture parsing of bill values; never throws.</summary>
internal static class Parsing
{
    /// <summary>Largest cost accepted on one line: a bill line over a billion dollars is a broken file, not spend.</summary>
    public const decimal MaxAbsoluteCost = 1_000_000_000m;

    /// <summary>Largest stored quantity: it must fit as thousandths in a 64-bit integer with room to sum.</summary>
    public const decimal MaxQuantity = 1_000_000_000_000_000m;

    public static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>The UTC calendar day of a bill timestamp: "2026-05-01T00:00:00Z", "2026-05-01 00:00:00", "2026-05-01", "2026-04-30T22:00:00-02:00".</summary>
    public static bool TryUtcDay(string text, out DateOnly day)
    {
        var s = text.AsSpan().Trim();
        if (s.Length >= 10 && s[4] == '-' && s[7] == '-' && (s.Length == 10 || s[10] is 'T' or ' ') && !HasOffset(s))
        {
            if (DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                return IsPlausible(day);
            }

            return false;
        }

        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var stamp))
        {
            day = DateOnly.FromDateTime(stamp.UtcDateTime);
            return IsPlausible(day);
        }

        day = default;
        return false;
    }

    /// <summary>A UTC instant from an ISO-8601 timestamp (invocation logs).</summary>
    public static bool TryUtcInstant(string text, out DateTime instant)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var stamp)
            && IsPlausible(DateOnly.FromDateTime(stamp.UtcDateTime)))
        {
            instant = stamp.UtcDateTime;
            return true;
        }

        instant = default;
        return false;
    }

    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);

    public static string Period(DateOnly start) => start.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static bool IsPlausible(DateOnly day) => day.Year is >= 2000 and <= 2200;

    /// <summary>"+02:00" or "-05:00" after the time: the calendar day must then be converted, not cut.</summary>
    private static bool HasOffset(ReadOnlySpan<char> s)
    {
        if (s.Length <= 10 || s[^1] == 'Z')
        {
            return false;
        }

        var time = s[11..];
        return time.Contains('+') || time.Contains('-');
    }
}

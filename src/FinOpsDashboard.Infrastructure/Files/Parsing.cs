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

    /// <summary>"0.0000123", "-1.5", "1.2E-7" from UTF-8 bytes, without a string.</summary>
    public static bool TryDecimal(ReadOnlySpan<byte> utf8, out decimal value) =>
        decimal.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// <see cref="TryUtcDay(string, out DateOnly)"/> from UTF-8 bytes. The common "2026-05-01T00:00:00Z" shape is read
    /// digit by digit (bills repeat it on every line); anything else goes through the general parser.
    /// </summary>
    public static bool TryUtcDay(ReadOnlySpan<byte> utf8, out DateOnly day)
    {
        var s = utf8.Trim(" \t"u8);
        if (s.Length >= 10 && s[4] == (byte)'-' && s[7] == (byte)'-' && (s.Length == 10 || s[10] is (byte)'T' or (byte)' ')
            && (s.Length == 10 || s[^1] == (byte)'Z' || (s[11..].IndexOfAny((byte)'+', (byte)'-') < 0))
            && TryDigits(s[..4], out var year) && TryDigits(s[5..7], out var month) && TryDigits(s[8..10], out var dayOfMonth)
            && month is >= 1 and <= 12 && year is >= 2000 and <= 2200 && dayOfMonth >= 1 && dayOfMonth <= DateTime.DaysInMonth(year, month))
        {
            day = new DateOnly(year, month, dayOfMonth);
            return true;
        }

        return TryUtcDay(System.Text.Encoding.UTF8.GetString(s), out day);
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (d - '0');
        }

        return true;
    }

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

using System.Globalization;

namespace FinOpsDashboard.Domain;

/// <summary>Bills are in USD: format with an explicit culture (a C.UTF-8 machine would print "¤").</summary>
public static class Money
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>1234.5 → "$1,234.50"; with 0 decimals → "$1,235".</summary>
    public static string Usd(decimal amount, int decimals = 2) => amount.ToString("C" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    /// <summary>Compact for tiles and axes: 1234567 → "$1.23M", 45600 → "$45.6K", 950 → "$950".</summary>
    public static string Compact(decimal amount)
    {
        var abs = Math.Abs(amount);
        return abs switch
        {
            >= 1_000_000m => (amount / 1_000_000m).ToString("$#,0.00", Culture) + "M",
            >= 10_000m => (amount / 1_000m).ToString("$#,0.0", Culture) + "K",
            _ => amount.ToString("$#,0", Culture),
        };
    }
}

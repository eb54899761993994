using System.Globalization;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>RFC 4180 fields, with spreadsheet formula injection neutralised (a key starting with = + - @ is prefixed with ').</summary>
public static class Csv
{
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>The exact stored amount (nano-dollar precision), so rows add up to the same total the pages show.</summary>
    public static string Amount(decimal usd) => usd.ToString("0.#########", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>Opaque page tokens: base64 of a prefixed value, so callers cannot mistake them for anything else.</summary>
internal static class DemoPaging
{
    public static string EncodeDay(DateOnly day) => Encode("day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static DateOnly DecodeDay(string token) =>
        DateOnly.ParseExact(Decode("day", token), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string EncodeOffset(string kind, long offset) => Encode(kind, offset.ToString(CultureInfo.InvariantCulture));

    public static long DecodeOffset(string kind, string token) => long.Parse(Decode(kind, token), NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Encode(string kind, string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"demo:{kind}:{value}"));

    private static string Decode(string kind, string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Invalid page token '{token}'.", nameof(token), e);
        }

        var prefix = $"demo:{kind}:";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            ? text[prefix.Length..]
            : throw new ArgumentException($"Invalid page token '{token}'.", nameof(token));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

/// <summary>The parsed Authorization header of a SigV4 request.</summary>
public sealed record SigV4Authorization(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature);

/// <summary>
/// A second, independent SigV4 implementation (plain HMAC-SHA256 and Uri.EscapeDataString, no AWSSDK) that the fake
/// server checks requests with, so a bug in the production signer cannot verify itself.
/// </summary>
public static partial class SigV4Verifier
{
    public static SigV4Authorization? ParseAuthorization(string? header)
    {
        var m = AuthorizationPattern().Match(header ?? "");
        return m.Success
            ? new SigV4Authorization(
                m.Groups["key"].Value, m.Groups["date"].Value, m.Groups["region"].Value, m.Groups["service"].Value,
                m.Groups["headers"].Value.Split(';'), m.Groups["signature"].Value)
            : null;
    }

    public static string CanonicalRequest(
        string method, string rawPath, string rawQuery, IEnumerable<(string Name, string Value)> signedHeaders, byte[] body)
    {
        var path = string.IsNullOrEmpty(rawPath) ? "/" : string.Join('/', rawPath.Split('/').Select(Uri.EscapeDataString));
        var query = string.Join('&', rawQuery.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var headers = signedHeaders.OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var canonicalHeaders = string.Concat(headers.Select(h => $"{h.Name}:{SpacesCollapse().Replace(h.Value.Trim(), " ")}\n"));
        return $"{method}\n{path}\n{query}\n{canonicalHeaders}\n{string.Join(';', headers.Select(h => h.Name))}\n{Hex(SHA256.HashData(body))}";
    }

    public static string Signature(string secretKey, string amzDate, string region, string service, string canonicalRequest)
    {
        var date = amzDate[..8];
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static DateTime? ParseAmzDate(string? value) =>
        DateTime.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]{4,128})/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(" +")]
    private static partial Regex SpacesCollapse();
}

using System.Collections.Frozen;

namespace FinOpsDashboard.Domain.Classification;

/// <summary>The billing region codes that lead AWS usage types ("USE1") and the region names they stand for.</summary>
public static class RegionCodes
{
    private static readonly FrozenDictionary<string, string> CodeToName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["USE1"] = "us-east-1",
        ["USE2"] = "us-east-2",
        ["USW1"] = "us-west-1",
        ["USW2"] = "us-west-2",
        ["CAN1"] = "ca-central-1",
        ["CAN2"] = "ca-west-1",
        ["MXC1"] = "mx-central-1",
        ["SAE1"] = "sa-east-1",
        ["EUC1"] = "eu-central-1",
        ["EUC2"] = "eu-central-2",
        ["EUW1"] = "eu-west-1",
        ["EUW2"] = "eu-west-2",
        ["EUW3"] = "eu-west-3",
        ["EUN1"] = "eu-north-1",
        ["EUS1"] = "eu-south-1",
        ["EUS2"] = "eu-south-2",
        ["APE1"] = "ap-east-1",
        ["APE2"] = "ap-east-2",
        ["APN1"] = "ap-northeast-1",
        ["APN2"] = "ap-northeast-2",
        ["APN3"] = "ap-northeast-3",
        ["APS1"] = "ap-southeast-1",
        ["APS2"] = "ap-southeast-2",
        ["APS3"] = "ap-south-1",
        ["APS4"] = "ap-southeast-3",
        ["APS5"] = "ap-south-2",
        ["APS6"] = "ap-southeast-4",
        ["APS7"] = "ap-southeast-5",
        ["APS8"] = "ap-southeast-6",
        ["APS9"] = "ap-southeast-7",
        ["MES1"] = "me-south-1",
        ["MEC1"] = "me-central-1",
        ["ILC1"] = "il-central-1",
        ["AFS1"] = "af-south-1",
        ["CNN1"] = "cn-north-1",
        ["CNW1"] = "cn-northwest-1",
        ["UGW1"] = "us-gov-west-1",
        ["UGE1"] = "us-gov-east-1",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Geographies used by geo cross-region profiles; they are not regions, so they stay as the lower-case code.
    private static readonly FrozenDictionary<string, string> GeoToName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "us",
        ["EU"] = "eu",
        ["APAC"] = "apac",
        ["JP"] = "jp",
        ["AU"] = "au",
        ["CA"] = "ca",
        ["GLOBAL"] = "global",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> NameToCode =
        CodeToName.Select(pair => KeyValuePair.Create(pair.Value, pair.Key))
            .Concat(GeoToName.Select(pair => KeyValuePair.Create(pair.Value, pair.Key)))
            .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Region name for a billing code: "USE1" → "us-east-1", geo "EU" → "eu", unknown "XYZ9" → "xyz9".</summary>
    public static string ToRegionName(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var trimmed = code.Trim();
        return TryGetKnownName(trimmed, out var name) ? name : trimmed.ToLowerInvariant();
    }

    /// <summary>Billing code for a region name, the inverse of <see cref="ToRegionName"/>: "us-east-1" → "USE1", "eu" → "EU", unknown → null.</summary>
    public static string? ToCode(string regionName)
    {
        ArgumentNullException.ThrowIfNull(regionName);
        return NameToCode.TryGetValue(regionName.Trim(), out var code) ? code : null;
    }

    /// <summary>True for a code in the table or a known geo; the classifier only trusts those on strings it cannot otherwise read.</summary>
    internal static bool TryGetKnownName(ReadOnlySpan<char> code, out string name)
    {
        var codeLookup = CodeToName.GetAlternateLookup<ReadOnlySpan<char>>();
        if (codeLookup.TryGetValue(code, out var regionName))
        {
            name = regionName;
            return true;
        }

        var geoLookup = GeoToName.GetAlternateLookup<ReadOnlySpan<char>>();
        if (geoLookup.TryGetValue(code, out var geoName))
        {
            name = geoName;
            return true;
        }

        name = string.Empty;
        return false;
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>How a bill's quantity unit converts to the unit facts are stored in.</summary>
/// <param name="Unit">"tokens" or "hours", or the bill's own text when not understood.</param>
/// <param name="Multiplier">Stored quantity = billed quantity × this (1000 for "1K tokens").</param>
/// <param name="IsKnown">False when the text matched no known unit: the quantity is kept as billed and counted.</param>
internal readonly record struct QuantityUnit(string Unit, decimal Multiplier, bool IsKnown);

/// <summary>
/// Reads CUR's pricing_unit / FOCUS's PricingUnit: "1K tokens" → tokens × 1,000, "1M tokens" → × 1,000,000,
/// "Tokens" → × 1, "Hrs" / "Hours" → hours. Anything else is unknown: kept as billed, never guessed.
/// </summary>
internal static partial class PricingUnits
{
    private static readonly ConcurrentDictionary<string, QuantityUnit> Cache = new(StringComparer.Ordinal);

    public static QuantityUnit Parse(string text)
    {
        if (Cache.TryGetValue(text, out var known))
        {
            return known;
        }

        var unit = ParseUncached(text);
        if (Cache.Count < 1000)
        {
            Cache.TryAdd(text, unit);
        }

        return unit;
    }

    private static QuantityUnit ParseUncached(string text)
    {
        var trimmed = text.Trim();
        var tokens = TokenUnit().Match(trimmed);
        if (tokens.Success)
        {
            var count = tokens.Groups["count"].Success
                ? decimal.Parse(tokens.Groups["count"].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture)
                : 1m;
            var scale = tokens.Groups["scale"].Value.ToUpperInvariant() switch
            {
                "K" or "THOUSAND" => 1_000m,
                "M" or "MILLION" => 1_000_000m,
                _ => 1m,
            };
            return new QuantityUnit("tokens", count * scale, true);
        }

        return HourUnit().IsMatch(trimmed)
            ? new QuantityUnit("hours", 1m, true)
            : new QuantityUnit(trimmed, 1m, false);
    }

    // "1K tokens", "1M Tokens", "1,000 tokens", "Million tokens", "tokens", "1K input tokens".
    [GeneratedRegex(@"^(?<count>\d[\d,]*(?:\.\d+)?)?\s*(?<scale>K|M|thousand|million)?\s*(?:[a-z-]+\s+)?tokens?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenUnit();

    // "Hrs", "Hours", "hour", "Model-Unit-Hours", "ModelUnit-Hrs".
    [GeneratedRegex(@"(?:^|[\s-])(?:hrs?|hours?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HourUnit();
}

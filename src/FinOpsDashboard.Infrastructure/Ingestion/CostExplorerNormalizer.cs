using System.Globalization;
using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>
/// Turns Cost Explorer result groups into cost facts. A group's keys are [usage type, "feature$value"]; the
/// service and the team tag's value come from the query's filter (the plan in CostIngestionService). The raw tag values
/// are kept on the fact; team and feature are what the active attribution rules make of them.
/// </summary>
public static class CostExplorerNormalizer
{
    public const string UnblendedCost = "UnblendedCost";
    public const string AmortizedCost = "AmortizedCost";
    public const string UsageQuantity = "UsageQuantity";

    public static IEnumerable<CostFact> ToFacts(
        ResultByTime result,
        string service,
        string teamTag,
        string featureTagKey,
        string accountId,
        string source,
        DateTime ingestedAt,
        FactAttributor attribution)
    {
        var date = DateOnly.ParseExact(result.TimePeriod.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var group in result.Groups)
        {
            if (group.Keys.Count < 1)
            {
                throw new FormatException($"Cost Explorer group on {result.TimePeriod.Start} for service '{service}' has no keys.");
            }

            var usageType = group.Keys[0];
            var featureTag = group.Keys.Count > 1 ? TagValue(group.Keys[1], featureTagKey) : string.Empty;
            var attributed = attribution.ForCost(accountId, teamTag, featureTag, string.Empty, string.Empty);
            var classification = UsageTypeClassifier.Classify(usageType, service);
            var billedQuantity = Amount(group, UsageQuantity, usageType, date, required: false);
            var tokenScale = classification.TokensPerQuantityUnit;
            var isTokens = classification.QuantityUnit.EndsWith("tokens", StringComparison.Ordinal);

            yield return new CostFact
            {
                Date = date,
                AccountId = accountId,
                Region = classification.Region ?? "global",
                Service = service,
                UsageType = usageType,
                Model = classification.Model,
                PricingMode = classification.PricingMode,
                TokenDirection = classification.Direction,
                CrossRegion = classification.CrossRegion,
                CacheTtl = classification.CacheTtl,
                IsClassified = classification.Classified,
                Team = attributed.Team,
                Feature = attributed.Feature,
                TeamTag = teamTag,
                FeatureTag = featureTag,
                Quantity = isTokens ? billedQuantity * tokenScale : billedQuantity,
                Unit = isTokens ? "tokens" : classification.QuantityUnit,
                UnblendedCost = Amount(group, UnblendedCost, usageType, date, required: true),
                AmortizedCost = Amount(group, AmortizedCost, usageType, date, required: false),
                IsEstimated = result.Estimated,
                Source = source,
                IngestedAt = ingestedAt,
            };
        }
    }

    /// <summary>"feature$search" → "search"; "feature$" (untagged) → "" (the rules decide what untagged means).</summary>
    public static string TagValue(string groupKey, string tagKey)
    {
        var prefix = tagKey + "$";
        var value = groupKey.StartsWith(prefix, StringComparison.Ordinal) ? groupKey[prefix.Length..] : groupKey;
        return string.IsNullOrWhiteSpace(value) ? string.Empty : value.Trim();
    }

    private static decimal Amount(Group group, string metric, string usageType, DateOnly date, bool required)
    {
        if (!group.Metrics.TryGetValue(metric, out var value))
        {
            return required
                ? throw new FormatException($"Cost Explorer group {usageType} on {date:yyyy-MM-dd} has no {metric}.")
                : 0m;
        }

        return decimal.TryParse(value.Amount, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new FormatException($"Cost Explorer group {usageType} on {date:yyyy-MM-dd}: {metric} amount '{value.Amount}' is not a number.");
    }
}

using FinOpsDashboard.Domain.Classification;

namespace FinOpsDashboard.Domain.Anomalies;

/// <summary>A root cause AWS Cost Anomaly Detection named: the usage type (and its bill's service) behind part of the impact.</summary>
public sealed record AwsRootCause(string? Service, string? UsageType, decimal? Contribution);

/// <summary>An AWS Cost Anomaly Detection finding, as far as matching needs it; an open one has no end date.</summary>
public sealed record AwsFinding(string AnomalyId, DateOnly StartDate, DateOnly? EndDate, decimal TotalImpact, IReadOnlyList<AwsRootCause> RootCauses)
{
    /// <summary>AWS's end date is the finding's last day; an open finding covers every day from its start.</summary>
    public bool Covers(DateOnly day) => day >= StartDate && (EndDate is not { } end || day <= end);
}

/// <summary>
/// Which AWS finding one of our flags is, when both saw the same thing. The dates must overlap (our day within AWS's
/// start..end) and the dimensions be compatible: a total flag matches any finding, since AWS monitors the whole service.
/// A model or pricing-mode flag matches a finding with a root-cause usage type of that model or mode (by the usage-type
/// classifier); a model, team, feature or pricing-mode flag also matches when a root-cause usage type is among the flag's
/// own top usage types. A finding without root causes matches total flags only. Among several, the largest impact wins.
/// </summary>
public static class AwsAnomalyMatching
{
    public static AwsFinding? Match(SeriesKey series, DateOnly day, IReadOnlyCollection<string> topUsageTypes, IEnumerable<AwsFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(topUsageTypes);
        ArgumentNullException.ThrowIfNull(findings);
        return findings
            .Where(f => f.Covers(day) && Compatible(series, topUsageTypes, f))
            .OrderByDescending(f => f.TotalImpact)
            .ThenBy(f => f.AnomalyId, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static bool Compatible(SeriesKey series, IReadOnlyCollection<string> topUsageTypes, AwsFinding finding)
    {
        if (series.Dimension == AnomalyDimension.Total)
        {
            return true;
        }

        foreach (var cause in finding.RootCauses)
        {
            if (cause.UsageType is not { Length: > 0 } usageType)
            {
                continue;
            }

            if (topUsageTypes.Contains(usageType, StringComparer.Ordinal))
            {
                return true;
            }

            var classified = UsageTypeClassifier.Classify(usageType, cause.Service);
            if ((series.Dimension == AnomalyDimension.Model && classified.Model == series.Key)
                || (series.Dimension == AnomalyDimension.PricingMode && classified.Classified && classified.PricingMode == series.Key))
            {
                return true;
            }
        }

        return false;
    }
}

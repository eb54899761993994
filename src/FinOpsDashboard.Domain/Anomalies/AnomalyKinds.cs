namespace FinOpsDashboard.Domain.Anomalies;

/// <summary>Which daily series an anomaly was found in.</summary>
public enum AnomalyDimension
{
    Total,
    Model,
    Team,
    Feature,
    PricingMode,
}

/// <summary>How much an anomaly matters; see <see cref="AnomalyDetector.SeverityOf"/> for the rule.</summary>
public enum AnomalySeverity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>Where a flag is in its review: new until someone acknowledges it, explains it or marks it planned.</summary>
public enum AnomalyStatus
{
    New,
    Acknowledged,
    Explained,
    Planned,
}

/// <summary>The spellings stored in the database and used by the CLI and URLs.</summary>
public static class AnomalyNames
{
    public static IReadOnlyList<AnomalyDimension> Dimensions { get; } =
        [AnomalyDimension.Total, AnomalyDimension.Model, AnomalyDimension.Team, AnomalyDimension.Feature, AnomalyDimension.PricingMode];

    public static string Slug(this AnomalyDimension dimension) => dimension switch
    {
        AnomalyDimension.PricingMode => "pricing-mode",
        _ => dimension.ToString().ToLowerInvariant(),
    };

    public static string Label(this AnomalyDimension dimension) => dimension switch
    {
        AnomalyDimension.PricingMode => "Pricing mode",
        _ => dimension.ToString(),
    };

    public static string Slug(this AnomalySeverity severity) => severity.ToString().ToLowerInvariant();

    public static string Slug(this AnomalyStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>"pricing-mode" → PricingMode; anything unknown is an <see cref="ArgumentException"/> listing the valid values.</summary>
    public static AnomalyDimension ParseDimension(string value) =>
        Find(Dimensions, value, Slug) ?? throw new ArgumentException($"Unknown anomaly dimension '{value}'. Use one of: {string.Join(", ", Dimensions.Select(d => d.Slug()))}.");

    public static AnomalySeverity ParseSeverity(string value) =>
        Find(Enum.GetValues<AnomalySeverity>(), value, Slug) ?? throw new ArgumentException($"Unknown severity '{value}'. Use one of: low, medium, high, critical.");

    public static AnomalyStatus ParseStatus(string value) =>
        Find(Enum.GetValues<AnomalyStatus>(), value, Slug) ?? throw new ArgumentException($"Unknown status '{value}'. Use one of: new, acknowledged, explained, planned.");

    private static T? Find<T>(IEnumerable<T> values, string value, Func<T, string> slug)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(value);
        var wanted = value.Trim().ToLowerInvariant();
        foreach (var candidate in values)
        {
            if (slug(candidate) == wanted)
            {
                return candidate;
            }
        }

        return null;
    }
}

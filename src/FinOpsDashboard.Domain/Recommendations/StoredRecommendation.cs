namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>
/// A finding as stored: the latest run's numbers, the workflow state people set, and the baseline written once when it
/// was first raised (realised savings of done items are measured against it).
/// </summary>
public sealed class StoredRecommendation
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public required string Lever { get; set; }
    public required string Title { get; set; }
    public string? Model { get; set; }
    public string? Team { get; set; }
    public string? Feature { get; set; }
    public decimal MonthlySavings { get; set; }
    public bool SavingsClaimed { get; set; }
    public required string Confidence { get; set; }
    public required string Evidence { get; set; }
    public required string Formula { get; set; }
    /// <summary>The labelled inputs of the formula, JSON [{label, value}].</summary>
    public required string InputsJson { get; set; }
    public string? Alternative { get; set; }
    public decimal ScopeMonthlyCost { get; set; }
    public required string ChartTitle { get; set; }
    /// <summary>Evidence chart points, JSON [{label, value}].</summary>
    public required string ChartJson { get; set; }
    public DateOnly WindowStart { get; set; }
    public DateOnly WindowEnd { get; set; }
    /// <summary>False when the latest run no longer found it (fixed, or the traffic changed).</summary>
    public bool IsActive { get; set; }
    public required string Status { get; set; }
    public string? StatusReason { get; set; }
    public string? Owner { get; set; }
    public DateTime? StatusChangedAt { get; set; }
    public string? StatusChangedBy { get; set; }
    public DateTime FirstRaisedAt { get; set; }
    public DateTime LastDetectedAt { get; set; }
    public required string MeasurementKind { get; set; }
    public string? MeasurementModel { get; set; }
    public string? MeasurementTeam { get; set; }
    public string? MeasurementFeature { get; set; }
    /// <summary>The scope's spend per month when first raised.</summary>
    public decimal BaselineMonthlyCost { get; set; }
    /// <summary>The scope's cost per 1M tokens when first raised (unit-cost measurement).</summary>
    public decimal? BaselineCostPerMillion { get; set; }
    /// <summary>The estimate when first raised.</summary>
    public decimal BaselineMonthlySavings { get; set; }
    public decimal? RealisedMonthlySavings { get; set; }
    public DateTime? RealisedMeasuredAt { get; set; }
    public string? RealisedNote { get; set; }
}

/// <summary>One entry of a recommendation's history: raised, status or owner changed, no longer detected, detected again.</summary>
public sealed class RecommendationEvent
{
    public long Id { get; set; }
    public long RecommendationId { get; set; }
    public DateTime At { get; set; }
    /// <summary>A user name, or "analytics" for the job.</summary>
    public required string Actor { get; set; }
    /// <summary>raised | status | owner | not-detected | detected-again.</summary>
    public required string Action { get; set; }
    public string? FromStatus { get; set; }
    public string? ToStatus { get; set; }
    public string? Owner { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// Provisioned-throughput facts about a model that no AWS API gives: tokens per minute one model unit serves (input +
/// output) and the hourly price per unit by commitment. Admin-set; seeded with aws-apis.md's representative prices.
/// </summary>
public sealed class PtModelSetting
{
    public required string Model { get; set; }
    public long? CapacityTokensPerMinutePerUnit { get; set; }
    public decimal? NoCommitHourlyUsd { get; set; }
    public decimal? OneMonthHourlyUsd { get; set; }
    public decimal? SixMonthHourlyUsd { get; set; }
    public required string Provenance { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    /// <summary>The hourly price per unit for a commitment as the control plane names it (none | 1-month | 6-month).</summary>
    public decimal? HourlyFor(string commitment) => commitment switch
    {
        "1-month" => OneMonthHourlyUsd,
        "6-month" => SixMonthHourlyUsd,
        _ => NoCommitHourlyUsd,
    };

    public IEnumerable<PtOffer> Offers()
    {
        if (NoCommitHourlyUsd is { } a)
        {
            yield return new PtOffer(Model, "no commitment", a, CapacityTokensPerMinutePerUnit);
        }

        if (OneMonthHourlyUsd is { } b)
        {
            yield return new PtOffer(Model, "1-month", b, CapacityTokensPerMinutePerUnit);
        }

        if (SixMonthHourlyUsd is { } c)
        {
            yield return new PtOffer(Model, "6-month", c, CapacityTokensPerMinutePerUnit);
        }
    }
}

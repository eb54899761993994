namespace FinOpsDashboard.Domain.Anomalies;

/// <summary>
/// One of our anomaly flags as stored (table anomalies): unique per (date, dimension, key), so a re-run updates the numbers
/// in place and never touches the review fields (status, note, who and when). Amounts are unblended USD; the five effects
/// are cent-rounded and add up exactly to cents(actual) − cents(expected).
/// </summary>
public sealed class SpendAnomaly
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>total | model | team | feature | pricing-mode.</summary>
    public required string Dimension { get; set; }

    /// <summary>The model, team, feature or pricing mode; "all" for the total.</summary>
    public required string Key { get; set; }

    /// <summary>
    /// The team whose manager may see this flag: the key of a team flag, the team carrying most of a feature's spend on the
    /// day and its baseline days; null for total, model and pricing-mode flags (organisation-wide only).
    /// </summary>
    public string? Team { get; set; }

    public decimal ActualUsd { get; set; }
    public decimal ExpectedUsd { get; set; }

    /// <summary>The robust spread the z-score divides by (1.4826 × MAD, floored).</summary>
    public decimal SpreadUsd { get; set; }

    public double Z { get; set; }

    /// <summary>low | medium | high | critical.</summary>
    public required string Severity { get; set; }

    public decimal VolumeUsd { get; set; }
    public decimal UnitPriceUsd { get; set; }
    public decimal MixUsd { get; set; }
    public decimal CacheUsd { get; set; }
    public decimal ModeUsd { get; set; }

    /// <summary>[{"usageType": "...", "actualUsd": 1.0, "expectedUsd": 0.5}], largest change first.</summary>
    public required string TopUsageTypesJson { get; set; }

    /// <summary>The AWS Cost Anomaly Detection finding that saw the same thing, if any.</summary>
    public string? AwsAnomalyId { get; set; }

    /// <summary>False once a later run no longer flags the day; kept only because someone reviewed it.</summary>
    public bool IsCurrent { get; set; } = true;

    /// <summary>new | acknowledged | explained | planned.</summary>
    public required string Status { get; set; }

    public string? Note { get; set; }
    public string? StatusBy { get; set; }
    public DateTime? StatusAt { get; set; }
    public DateTime FirstDetectedAt { get; set; }
    public DateTime LastDetectedAt { get; set; }

    public decimal Deviation => ActualUsd - ExpectedUsd;

    /// <summary>Nobody has reviewed it: a run that no longer flags the day may delete it.</summary>
    public bool IsUnreviewed => Status == AnomalyStatus.New.Slug() && StatusAt is null;
}

/// <summary>One status change of an anomaly (table anomaly_events): who, when, from, to, and the note they gave.</summary>
public sealed class SpendAnomalyEvent
{
    public long Id { get; set; }
    public long AnomalyId { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public required string FromStatus { get; set; }
    public required string ToStatus { get; set; }
    public string? Note { get; set; }
}

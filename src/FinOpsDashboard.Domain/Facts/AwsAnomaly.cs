namespace FinOpsDashboard.Domain.Facts;

/// <summary>An anomaly found by AWS Cost Anomaly Detection (GetAnomalies), shown beside the dashboard's own.</summary>
public sealed class AwsAnomaly
{
    public required string AnomalyId { get; set; }
    public required string AccountId { get; set; }
    public required string MonitorArn { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>What the monitor watches, e.g. the service name "Amazon Bedrock".</summary>
    public string? DimensionValue { get; set; }

    public double MaxScore { get; set; }
    public double CurrentScore { get; set; }

    /// <summary>Spend above what AWS expected, USD.</summary>
    public decimal TotalImpact { get; set; }

    public decimal TotalActualSpend { get; set; }
    public decimal TotalExpectedSpend { get; set; }

    /// <summary>Root causes as AWS reported them (service, region, account, usage type, contribution), JSON.</summary>
    public required string RootCausesJson { get; set; }

    /// <summary>YES | NO | PLANNED_ACTIVITY, or null when nobody gave feedback.</summary>
    public string? Feedback { get; set; }

    public required string Source { get; set; }
    public DateTime IngestedAt { get; set; }
}

namespace FinOpsDashboard.Domain.Facts;

/// <summary>One CloudWatch AWS/Bedrock datapoint: one metric, one ModelId dimension value, one period.</summary>
public sealed class MetricFact
{
    public long Id { get; set; }

    /// <summary>Start of the period, UTC.</summary>
    public DateTime Timestamp { get; set; }

    public int PeriodSeconds { get; set; }
    public required string AccountId { get; set; }
    public required string Region { get; set; }

    /// <summary>The ModelId dimension exactly as CloudWatch reported it (model id, profile id or ARN).</summary>
    public required string ModelId { get; set; }

    /// <summary>The canonical model that <see cref="ModelId"/> resolves to.</summary>
    public required string Model { get; set; }

    public required string MetricName { get; set; }

    /// <summary>Sum, Average, p90...</summary>
    public required string Stat { get; set; }

    /// <summary>Counts and milliseconds, never money: CloudWatch reports doubles.</summary>
    public double Value { get; set; }

    public required string Source { get; set; }
    public DateTime IngestedAt { get; set; }
}

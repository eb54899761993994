namespace FinOpsDashboard.Domain.Facts;

/// <summary>
/// A CloudWatch "Sum" metric (Invocations, token counts) summed per UTC day, kept beside the hourly points by metric
/// ingestion in the same transaction: pages that need daily totals (reconciliation, unit costs) read a few
/// hundred rows instead of grouping tens of thousands of hourly points.
/// </summary>
public sealed class MetricDailySum
{
    public DateOnly Date { get; set; }
    public required string Source { get; set; }
    public required string AccountId { get; set; }
    public required string Region { get; set; }
    public required string ModelId { get; set; }
    public required string Model { get; set; }
    public required string MetricName { get; set; }
    /// <summary>Counts, never money.</summary>
    public double Value { get; set; }
}

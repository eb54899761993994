namespace FinOpsDashboard.Domain.Facts;

/// <summary>
/// Which (source, account, day) the store holds and whether that day is final. The ingestor asks this
/// table what is missing or still estimated, and fetches only that (opencost's ingestor does the same).
/// </summary>
public sealed class IngestedDay
{
    public required string Source { get; set; }
    public required string AccountId { get; set; }
    public DateOnly Date { get; set; }
    public bool IsEstimated { get; set; }
    public int FactCount { get; set; }
    public decimal UnblendedCost { get; set; }
    public DateTime IngestedAt { get; set; }
    public long JobRunId { get; set; }
}

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>Bound from "Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Days the first cost run backfills; later runs fetch only missing and estimated days.</summary>
    public int CostBackfillDays { get; set; } = 90;

    /// <summary>Days of hourly CloudWatch metrics the first run fetches (hourly points are kept 455 days by AWS).</summary>
    public int MetricBackfillDays { get; set; } = 35;

    /// <summary>How many trailing days every cost run re-checks, so a late restatement is picked up.</summary>
    public int CostLookbackDays { get; set; } = 3;
}

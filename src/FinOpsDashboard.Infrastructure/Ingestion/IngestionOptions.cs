namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>Bound from "Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Days the first cost run backfills; later runs fetch only missing and estimated days.</summary>
    public int CostBackfillDays { get; set; } = 90;

    /// <summary>Days of hourly CloudWatch metrics the first run fetches (hourly points are kept 455 days by AWS).</summary>
    public int MetricBackfillDays { get; set; } = 35;

    /// <summary>demo | aws | auto (default: AWS when credentials or accounts are configured, else the demo workload).</summary>
    public string Source { get; set; } = "auto";

    /// <summary>The cost-allocation tag (and inference-profile tag) that names the team.</summary>
    public string TeamTagKey { get; set; } = "team";

    /// <summary>The cost-allocation tag (and inference-profile tag) that names the feature.</summary>
    public string FeatureTagKey { get; set; } = "feature";
}

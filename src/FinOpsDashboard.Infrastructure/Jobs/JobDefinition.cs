namespace FinOpsDashboard.Infrastructure.Jobs;

/// <summary>
/// A job the scheduler knows: its stable name (Quartz key, run history, configuration key) and default cron.
/// <paramref name="RefreshesAnalytics"/>: a successful run that wrote data triggers the analytics refresh
/// (recommendations, anomalies, budgets), so derived results never lag the facts by more than one run.
/// </summary>
public sealed record JobDefinition(string Name, string Title, string Description, Type JobType, string? DefaultCron, bool RefreshesAnalytics = false);

public static class JobNames
{
    public const string DemoSeed = "demo-seed";
    public const string CostIngestion = "cost-ingestion";
    public const string MetricIngestion = "metric-ingestion";
    public const string ProvisionedThroughputSync = "provisioned-throughput-sync";
}

public static class JobCatalog
{
    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        new(JobNames.DemoSeed, "Demo workload seeding",
            "Generates the built-in demo organisation and ingests it through the same pipeline as AWS data. Runs at start-up on an empty database when no AWS account is configured.",
            typeof(DemoSeedJob), DefaultCron: null, RefreshesAnalytics: true),
        new(JobNames.CostIngestion, "Cost ingestion (daily)",
            "Fetches missing and still-estimated days from Cost Explorer (or the demo workload), then AWS Cost Anomaly Detection's findings.",
            typeof(CostIngestionJob), DefaultCron: "0 15 6,18 * * ?", RefreshesAnalytics: true),
        new(JobNames.MetricIngestion, "CloudWatch metrics (hourly)",
            "Fetches hourly AWS/Bedrock metrics: invocations, tokens, cache tokens, throttles, errors, latency.",
            typeof(MetricIngestionJob), DefaultCron: "0 5 * * * ?", RefreshesAnalytics: true),
        new(JobNames.ProvisionedThroughputSync, "Provisioned throughput & profiles",
            "Mirrors provisioned-throughput reservations (model units, commitment, expiry, status) and application inference profiles with their tags.",
            typeof(ProvisionedThroughputSyncJob), DefaultCron: "0 10 0/6 * * ?", RefreshesAnalytics: true),
        new(Files.FileImportJob.Name, "File imports (CUR, FOCUS, invocation logs)",
            "Imports new or changed objects from the configured sources (Imports:Sources): CUR 2.0 / FOCUS billing exports and Bedrock invocation logs, local folders or S3.",
            typeof(Files.FileImportJob), DefaultCron: "0 30 * * * ?", RefreshesAnalytics: true),
        new(AttributionRules.ReattributionJob.Name, "Attribution re-run",
            "Re-applies the active attribution rule version to every stored cost fact and invocation-log hour, from the raw tags, metadata, profile and principal stored with them, in one transaction. Runs when a new rule version is saved (Admin › Attribution).",
            typeof(AttributionRules.ReattributionJob), DefaultCron: null, RefreshesAnalytics: true),
        new(Analytics.AnalyticsRefreshJob.Name, "Analytics refresh",
            "Recomputes recommendations, anomaly flags and budget evaluations from the stored facts. Runs after every ingestion that wrote data, and daily as a safety net.",
            typeof(Analytics.AnalyticsRefreshJob), DefaultCron: "0 45 6 * * ?"),
        new(Budgets.AlertDeliveryJob.Name, "Alert delivery (webhook, email)",
            "Sends budget alerts waiting in the outbox to the configured webhook and email; a failed send is retried with backoff (1, 2, 4, 8, 16 min) and stays visible in the alert centre. Minutes with nothing due are not recorded.",
            typeof(Budgets.AlertDeliveryJob), DefaultCron: "0 * * * * ?"),
        new(Budgets.AwsBudgetSyncJob.Name, "AWS Budgets sync",
            "Creates or updates the AWS budget of every budget with sync on (filter, limit, thresholds as notifications) and reads back AWS's calculated spend. Also runs after each budget evaluation; skipped in demo mode.",
            typeof(Budgets.AwsBudgetSyncJob), DefaultCron: null),
    ];

    public static JobDefinition Get(string name) =>
        All.FirstOrDefault(j => j.Name == name) ?? throw new ArgumentException($"Unknown job '{name}'. Known: {string.Join(", ", All.Select(j => j.Name))}.", nameof(name));
}

/// <summary>Bound from "Jobs": cron overrides per job name, retry policy.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Quartz cron per job name, e.g. Jobs:Schedules:cost-ingestion = "0 15 6 * * ?". Empty disables the schedule.</summary>
    public Dictionary<string, string> Schedules { get; set; } = [];

    /// <summary>Total tries for a failing run, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry; each further retry waits four times longer (30 s, 2 min, 8 min), ±20 % jitter.</summary>
    public double RetryBaseDelaySeconds { get; set; } = 30;

    /// <summary>When false (the CLI, some tests) nothing is scheduled or started.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    public string? CronFor(JobDefinition job) =>
        Schedules.TryGetValue(job.Name, out var cron) ? (string.IsNullOrWhiteSpace(cron) ? null : cron) : job.DefaultCron;

    /// <summary>Backoff before try <paramref name="nextAttempt"/> (2 = first retry): base × 4^(n-2), ±20 % jitter.</summary>
    public TimeSpan RetryDelay(int nextAttempt, Random jitter)
    {
        var seconds = RetryBaseDelaySeconds * Math.Pow(4, nextAttempt - 2);
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * jitter.NextDouble())));
    }
}

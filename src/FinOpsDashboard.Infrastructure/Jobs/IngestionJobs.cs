using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Jobs;

public sealed class DemoSeedJob(
    DemoSeeder seeder,
    IOptions<IngestionOptions> ingestion,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<DemoSeedJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    protected override string JobName => JobNames.DemoSeed;

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var result = await seeder.SeedAsync(
            DemoSeeder.DefaultSeed, 120, DemoScale.Standard, ingestion.Value.MetricBackfillDays, context.RunId, context.Calls, context.Progress, cancellationToken);
        return new JobOutcome(
            result.CostFacts + result.MetricPoints + result.Reservations,
            $"Seeded demo organisation (seed {result.Settings.Seed}, {result.Settings.HistoryDays} days to {result.Settings.AnchorDay:yyyy-MM-dd}): {result.CostFacts:N0} cost facts, {Money.Usd(result.UnblendedCost, 0)}, {result.MetricPoints:N0} metric points, {result.Reservations} PT reservation(s)");
    }
}

public sealed class CostIngestionJob(
    IngestionSourceProvider sources,
    CostIngestionService costs,
    AnomalyIngestionService anomalies,
    IOptions<IngestionOptions> ingestion,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<CostIngestionJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    protected override string JobName => JobNames.CostIngestion;

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        long rows = 0;
        var days = 0;
        var found = 0;
        foreach (var source in await sources.GetSourcesAsync(cancellationToken))
        {
            var window = new DateWindow(today.AddDays(-ingestion.Value.CostBackfillDays), today);
            var result = await costs.IngestAsync(source, window, context.RunId, context.Calls, context.Progress, cancellationToken);
            rows += result.FactsWritten;
            days += result.DaysWritten;
            context.Progress.Report($"AWS Cost Anomaly Detection findings for {source.AccountId}");
            found += await anomalies.IngestAsync(source, context.Calls, cancellationToken);
        }

        var summary = days == 0 ? "Up to date: no missing or estimated days" : $"{rows:N0} cost facts over {days} day(s) (missing or estimated)";
        return new JobOutcome(rows, $"{summary}; {found} AWS anomaly finding(s) in the last {AnomalyIngestionService.LookbackDays} days", rows > 0);
    }
}

public sealed class MetricIngestionJob(
    IngestionSourceProvider sources,
    MetricIngestionService metrics,
    IOptions<IngestionOptions> ingestion,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<MetricIngestionJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    protected override string JobName => JobNames.MetricIngestion;

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        long points = 0;
        var metricsRequested = 0;
        foreach (var source in await sources.GetSourcesAsync(cancellationToken))
        {
            foreach (var region in source.Regions)
            {
                var result = await metrics.IngestAsync(source, region, ingestion.Value.MetricBackfillDays, context.Calls, context.Progress, cancellationToken);
                points += result.PointsWritten;
                metricsRequested += result.MetricsRequested;
            }
        }

        return new JobOutcome(points, $"{points:N0} hourly points for {metricsRequested} metrics", points > 0);
    }
}

public sealed class ProvisionedThroughputSyncJob(
    IngestionSourceProvider sources,
    ProvisionedThroughputSyncService reservations,
    InferenceProfileSyncService profiles,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<ProvisionedThroughputSyncJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    protected override string JobName => JobNames.ProvisionedThroughputSync;

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var reserved = 0;
        var profiled = 0;
        foreach (var source in await sources.GetSourcesAsync(cancellationToken))
        {
            foreach (var region in source.Regions)
            {
                context.Progress.Report($"Provisioned throughput and inference profiles in {source.AccountId} {region.Region}");
                reserved += await reservations.SyncAsync(source, region, cancellationToken);
                profiled += await profiles.SyncAsync(source, region, cancellationToken);
            }
        }

        return new JobOutcome(reserved + profiled, $"{reserved} reservation(s), {profiled} application inference profile(s) in sync");
    }
}

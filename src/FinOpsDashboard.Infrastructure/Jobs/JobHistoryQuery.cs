using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Jobs;

/// <summary>A job as the Jobs page lists it.</summary>
public sealed record JobStatusRow(JobDefinition Job, string? Cron, JobRun? LastRun, JobRun? LastSuccess, int RunsLast7Days, int FailuresLast7Days);

public sealed class JobHistoryQuery(IDbContextFactory<FinOpsDbContext> dbFactory, IOptions<JobsOptions> options, TimeProvider clock)
{
    /// <summary>Cost Explorer bills every request, each page counted (aws-apis.md).</summary>
    public const decimal CostExplorerUsdPerRequest = 0.01m;

    /// <summary>GetMetricData bills per metric requested: $0.01 per 1,000.</summary>
    public const decimal CloudWatchUsdPerMetric = 0.00001m;

    /// <summary>One run's paid AWS calls: 239 CE requests and 90 metrics → $2.39 + $0.0009.</summary>
    public static decimal AwsCostOf(JobRun run) =>
        (run.CostExplorerRequests * CostExplorerUsdPerRequest) + (run.CloudWatchMetricsRequested * CloudWatchUsdPerMetric);

    public async Task<IReadOnlyList<JobStatusRow>> JobsAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-7);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = await db.JobRuns.AsNoTracking().Where(r => r.StartedAt >= since).ToListAsync(cancellationToken);
        var rows = new List<JobStatusRow>();
        foreach (var job in JobCatalog.All)
        {
            var last = await db.JobRuns.AsNoTracking().Where(r => r.JobName == job.Name).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            var lastSuccess = await db.JobRuns.AsNoTracking()
                .Where(r => r.JobName == job.Name && r.Status == JobRunStatus.Succeeded)
                .OrderByDescending(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken);
            var ofJob = recent.Where(r => r.JobName == job.Name).ToList();
            rows.Add(new JobStatusRow(job, options.Value.CronFor(job), last, lastSuccess, ofJob.Count, ofJob.Count(r => r.Status == JobRunStatus.Failed)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<JobRun>> RecentRunsAsync(int count, string? jobName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = db.JobRuns.AsNoTracking();
        if (jobName is not null)
        {
            runs = runs.Where(r => r.JobName == jobName);
        }

        return await runs.OrderByDescending(r => r.Id).Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>What ingestion itself paid AWS this calendar month: requests × $0.01 + metrics × $0.00001.</summary>
    public async Task<(int Requests, int Metrics, decimal Usd)> AwsSpendThisMonthAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = db.JobRuns.AsNoTracking().Where(r => r.StartedAt >= monthStart);
        var requests = await runs.SumAsync(r => r.CostExplorerRequests, cancellationToken);
        var metrics = await runs.SumAsync(r => r.CloudWatchMetricsRequested, cancellationToken);
        return (requests, metrics, (requests * CostExplorerUsdPerRequest) + (metrics * CloudWatchUsdPerMetric));
    }
}

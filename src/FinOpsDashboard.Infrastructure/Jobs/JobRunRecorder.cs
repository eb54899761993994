using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Jobs;

/// <summary>Writes a run's start and end to job_runs and tells the monitor; shared by scheduled jobs and the CLI.</summary>
public sealed class JobRunRecorder(IDbContextFactory<FinOpsDbContext> dbFactory, JobMonitor monitor, TimeProvider clock)
{
    public async Task<JobRun> StartAsync(string jobName, string trigger, int attempt, CancellationToken cancellationToken)
    {
        var run = new JobRun
        {
            JobName = jobName,
            Trigger = trigger,
            Attempt = attempt,
            StartedAt = clock.GetUtcNow().UtcDateTime,
            Status = JobRunStatus.Running,
            Message = "Starting",
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        monitor.Started(jobName, run.Id, run.StartedAt);
        return run;
    }

    /// <summary>Saves the outcome even when the job's own token was cancelled by shutdown.</summary>
    public async Task FinishAsync(JobRun run, AwsCallCounter calls, bool wroteData)
    {
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        run.CostExplorerRequests = calls.CostExplorerRequests;
        run.CloudWatchMetricsRequested = calls.CloudWatchMetricsRequested;
        if (run.Status == JobRunStatus.Running)
        {
            run.Status = JobRunStatus.Interrupted;
            run.Message = "Cancelled while running (shutdown)";
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.JobRuns.Update(run);
        await db.SaveChangesAsync(CancellationToken.None);
        monitor.Finished(run.JobName, wroteData && run.Status == JobRunStatus.Succeeded);
    }

    public IJobProgress ProgressFor(string jobName) => new MonitorProgress(monitor, jobName);

    private sealed class MonitorProgress(JobMonitor monitor, string jobName) : IJobProgress
    {
        public void Report(string message, double? fraction = null) => monitor.Progress(jobName, message, fraction);
    }
}

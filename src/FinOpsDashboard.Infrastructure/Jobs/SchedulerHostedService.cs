using System.Collections.Specialized;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl;
using Quartz.Spi;

namespace FinOpsDashboard.Infrastructure.Jobs;

/// <summary>
/// Starts Quartz (RAM job store, ADR-003) with a DI job factory, schedules every job from configuration,
/// closes runs a crash left "running", seeds the demo on an empty database, and catches up runs missed
/// while the app was down (the RAM store forgets them; our run history does not).
/// </summary>
public sealed class SchedulerHostedService(
    IServiceProvider services,
    IDbContextFactory<FinOpsDbContext> dbFactory,
    IngestionSourceProvider sources,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<SchedulerHostedService> logger) : IHostedService, IJobScheduler
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return;
        }

        var factory = new StdSchedulerFactory(new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = "finops",
            ["quartz.threadPool.maxConcurrency"] = "2",
            ["quartz.jobStore.type"] = "Quartz.Simpl.RAMJobStore, Quartz",
        });
        _scheduler = await factory.GetScheduler(cancellationToken);
        _scheduler.JobFactory = new ScopedJobFactory(services);

        await CloseInterruptedRunsAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var job in JobCatalog.All)
        {
            var detail = JobBuilder.Create(job.JobType).WithIdentity(job.Name).WithDescription(job.Title).StoreDurably().Build();
            await _scheduler.AddJob(detail, replace: true, cancellationToken);
            if (options.Value.CronFor(job) is { } cron)
            {
                var trigger = TriggerBuilder.Create()
                    .WithIdentity($"{job.Name}-cron")
                    .ForJob(detail)
                    .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireHandlingInstructionDoNothing())
                    .StartAt(now)
                    .Build();
                await _scheduler.ScheduleJob(trigger, cancellationToken);
            }
        }

        await _scheduler.Start(cancellationToken);
        await StartupRunsAsync(now, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null)
        {
            await _scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
        }
    }

    /// <summary>"Run now" from the Jobs page.</summary>
    public async Task TriggerNowAsync(string jobName, CancellationToken cancellationToken)
    {
        var scheduler = _scheduler ?? throw new InvalidOperationException("The scheduler is not running.");
        _ = JobCatalog.Get(jobName);
        await scheduler.TriggerJob(new JobKey(jobName), new JobDataMap { [TrackedJob.TriggerKey] = "manual", [TrackedJob.AttemptKey] = 1 }, cancellationToken);
    }

    public async Task<DateTime?> NextFireTimeAsync(string jobName, CancellationToken cancellationToken)
    {
        if (_scheduler is null)
        {
            return null;
        }

        var triggers = await _scheduler.GetTriggersOfJob(new JobKey(jobName), cancellationToken);
        return triggers
            .Select(t => t.GetNextFireTimeUtc())
            .Where(t => t.HasValue)
            .Select(t => t!.Value.UtcDateTime)
            .DefaultIfEmpty()
            .Min() is { } next && next != default ? next : null;
    }

    private async Task CloseInterruptedRunsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var closed = await db.JobRuns
            .Where(r => r.Status == JobRunStatus.Running)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Status, JobRunStatus.Interrupted)
                      .SetProperty(r => r.Message, "The app stopped while this run was in flight; its window was not committed and is fetched again"),
                cancellationToken);
        if (closed > 0)
        {
            logger.LogWarning("Closed {Count} job run(s) left running by a previous process", closed);
        }
    }

    private async Task StartupRunsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        Dictionary<string, DateTime> lastStarts;
        bool hasFacts;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            hasFacts = await db.CostFacts.AnyAsync(cancellationToken);
            lastStarts = await db.JobRuns
                .GroupBy(r => r.JobName)
                .Select(g => new { g.Key, Last = g.Max(r => r.StartedAt) })
                .ToDictionaryAsync(x => x.Key, x => x.Last, cancellationToken);
        }

        if (sources.IsDemoMode && !hasFacts)
        {
            logger.LogInformation("Empty database and no AWS account configured: seeding the demo workload");
            await TriggerAsync(JobNames.DemoSeed, "startup", cancellationToken);
            return;
        }

        // A job that never ran counts from the latest run of any job (e.g. the seeding), so a schedule missed
        // between seeding and a restart is still caught up.
        DateTime? anyLast = lastStarts.Count == 0 ? null : lastStarts.Values.Max();
        foreach (var job in JobCatalog.All)
        {
            if (options.Value.CronFor(job) is not { } cron || (lastStarts.TryGetValue(job.Name, out var own) ? own : anyLast) is not { } last)
            {
                continue;
            }

            var expected = new CronExpression(cron) { TimeZone = TimeZoneInfo.Utc }.GetTimeAfter(new DateTimeOffset(last, TimeSpan.Zero));
            if (expected is { } due && due < now)
            {
                logger.LogInformation("Job {Job} missed its run at {Due:u} while the app was down: catching up", job.Name, due);
                await TriggerAsync(job.Name, "catch-up", cancellationToken);
            }
        }
    }

    private Task TriggerAsync(string jobName, string trigger, CancellationToken cancellationToken) =>
        _scheduler!.TriggerJob(new JobKey(jobName), new JobDataMap { [TrackedJob.TriggerKey] = trigger, [TrackedJob.AttemptKey] = 1 }, cancellationToken);

    /// <summary>One DI scope per job execution, so each job gets fresh scoped services.</summary>
    private sealed class ScopedJobFactory(IServiceProvider root) : IJobFactory
    {
        private readonly Dictionary<IJob, IServiceScope> _scopes = [];
        private readonly Lock _gate = new();

        public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler)
        {
            var scope = root.CreateScope();
            var job = (IJob)scope.ServiceProvider.GetRequiredService(bundle.JobDetail.JobType);
            lock (_gate)
            {
                _scopes[job] = scope;
            }

            return job;
        }

        public void ReturnJob(IJob job)
        {
            IServiceScope? scope;
            lock (_gate)
            {
                _scopes.Remove(job, out scope);
            }

            scope?.Dispose();
        }
    }
}

/// <summary>What pages need from the scheduler.</summary>
public interface IJobScheduler
{
    Task TriggerNowAsync(string jobName, CancellationToken cancellationToken);

    Task<DateTime?> NextFireTimeAsync(string jobName, CancellationToken cancellationToken);
}

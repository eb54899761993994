using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace FinOpsDashboard.Infrastructure.Jobs;

/// <summary>What a job's work returns: rows written, a one-line summary, and the paid AWS calls it made.</summary>
public sealed record JobOutcome(long RowsWritten, string Summary, bool WroteData = true);

/// <summary>Handed to a job's work: its run id, a progress sink, and the AWS call counter.</summary>
public sealed record JobRunContext(long RunId, string Trigger, int Attempt, IJobProgress Progress, AwsCallCounter Calls);

/// <summary>
/// Base of every scheduled job: records the run (start, end, status, rows, error, AWS calls), reports live
/// progress, and on failure schedules a retry with exponential backoff instead of rethrowing, so one failing
/// job never takes the scheduler or the app down.
/// </summary>
[DisallowConcurrentExecution]
public abstract class TrackedJob(
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger logger) : IJob
{
    public const string TriggerKey = "trigger";
    public const string AttemptKey = "attempt";
    private static readonly Random Jitter = new();

    protected TimeProvider Clock { get; } = clock;

    protected abstract string JobName { get; }

    protected abstract Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Asked before a scheduled or retry run: a frequent job (alert delivery, every minute) answers false when nothing
    /// is due, so idle ticks leave no run in the history. Manual and CLI runs always run.
    /// </summary>
    protected virtual Task<bool> HasWorkAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task Execute(IJobExecutionContext context)
    {
        var data = context.MergedJobDataMap;
        var trigger = data.ContainsKey(TriggerKey) ? data.GetString(TriggerKey) ?? "scheduled" : "scheduled";
        var attempt = data.ContainsKey(AttemptKey) ? data.GetInt(AttemptKey) : 1;
        if (trigger is "scheduled" or "retry" or "catch-up" && !await HasWorkAsync(context.CancellationToken))
        {
            return;
        }

        await RunTrackedAsync(trigger, attempt, context.Scheduler, context.CancellationToken);
    }

    /// <summary>Runs the work with run-history bookkeeping. The scheduler is null when called from the CLI (no retries there).</summary>
    public async Task<JobRun> RunTrackedAsync(string trigger, int attempt, IScheduler? scheduler, CancellationToken cancellationToken)
    {
        var run = await recorder.StartAsync(JobName, trigger, attempt, cancellationToken);
        var calls = new AwsCallCounter();
        var wroteData = false;
        try
        {
            var outcome = await RunAsync(new JobRunContext(run.Id, trigger, attempt, recorder.ProgressFor(JobName), calls), cancellationToken);
            run.Status = JobRunStatus.Succeeded;
            run.RowsWritten = outcome.RowsWritten;
            run.Message = outcome.Summary;
            wroteData = outcome.WroteData;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Job {Job} attempt {Attempt} failed", JobName, attempt);
            run.Status = JobRunStatus.Failed;
            run.Error = $"{ex.GetType().Name}: {ex.Message}";
            run.Message = await ScheduleRetryAsync(scheduler, attempt);
        }
        finally
        {
            await recorder.FinishAsync(run, calls, wroteData);
        }

        if (wroteData && scheduler is not null && JobCatalog.All.FirstOrDefault(j => j.Name == JobName) is { RefreshesAnalytics: true })
        {
            await scheduler.TriggerJob(
                new JobKey(Analytics.AnalyticsRefreshJob.Name),
                new JobDataMap { [TriggerKey] = $"after {JobName}", [AttemptKey] = 1 },
                CancellationToken.None);
        }

        return run;
    }

    private async Task<string> ScheduleRetryAsync(IScheduler? scheduler, int attempt)
    {
        var settings = options.Value;
        if (scheduler is null)
        {
            return "Failed (run by hand: not retried)";
        }

        if (attempt >= settings.MaxAttempts)
        {
            return $"Failed after {attempt} attempts; next try at the next scheduled time";
        }

        var delay = settings.RetryDelay(attempt + 1, Jitter);
        var retryAt = Clock.GetUtcNow().Add(delay);
        var retry = TriggerBuilder.Create()
            .ForJob(new JobKey(JobName))
            .WithIdentity($"{JobName}-retry-{Guid.NewGuid():N}")
            .UsingJobData(TriggerKey, "retry")
            .UsingJobData(AttemptKey, attempt + 1)
            .StartAt(retryAt)
            .Build();
        await scheduler.ScheduleJob(retry, CancellationToken.None);
        return $"Failed; retry {attempt + 1}/{settings.MaxAttempts} at {retryAt:HH:mm:ss} UTC (in {delay.TotalSeconds:N0} s)";
    }
}

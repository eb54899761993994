using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>A pass in which some delivery failed: the run shows as failed on the Jobs page, with each failure named.</summary>
public sealed class AlertDeliveryFailedException(string message) : Exception(message);

/// <summary>Sends due alert deliveries (webhook, email) every minute; idle minutes are not recorded.</summary>
public sealed class AlertDeliveryJob(
    AlertDeliveryService deliveries,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<AlertDeliveryJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    public const string Name = "alert-delivery";

    protected override string JobName => Name;

    protected override Task<bool> HasWorkAsync(CancellationToken cancellationToken) => deliveries.HasDueAsync(cancellationToken);

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var run = await deliveries.DeliverDueAsync(cancellationToken);
        if (run.Failed > 0)
        {
            // Every attempt is already recorded on its delivery; failing the run makes the failure visible on the Jobs page.
            throw new AlertDeliveryFailedException($"{run.Summary}: {string.Join("; ", run.Errors)}");
        }

        return new JobOutcome(run.Sent, run.Summary, WroteData: false);
    }
}

/// <summary>Syncs budgets with "sync to AWS" on; run by the admin page after a save, and after each evaluation (analytics step).</summary>
public sealed class AwsBudgetSyncJob(
    AwsBudgetSyncService sync,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<AwsBudgetSyncJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    public const string Name = "aws-budget-sync";

    protected override string JobName => Name;

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var result = await sync.SyncAsync(null, cancellationToken);
        return new JobOutcome(result.Synced, result.Summary, WroteData: false);
    }
}

using FinOpsDashboard.Infrastructure.Analytics;
using FinOpsDashboard.Infrastructure.Ingestion;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>Evaluates every budget after each ingestion that wrote data (and on "Run now", `finops analyze`).</summary>
public sealed class BudgetEvaluationStep(BudgetEvaluationService service) : IAnalyticsStep
{
    public string Name => "budgets";

    /// <summary>After anomalies and recommendations (which budgets do not read), before the AWS sync (which reads budgets).</summary>
    public int Order => 30;

    public async Task<AnalyticsStepResult> RunAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        var run = await service.EvaluateAsync(null, cancellationToken);
        return new AnalyticsStepResult(run.Evaluated + run.AlertsRaised + run.DeliveriesQueued, run.Summary);
    }
}

/// <summary>Mirrors budgets with sync on to AWS Budgets and reads back AWS's CalculatedSpend; skipped in demo mode.</summary>
public sealed class AwsBudgetSyncStep(AwsBudgetSyncService sync) : IAnalyticsStep
{
    public string Name => "aws-budgets";

    public int Order => 40;

    public async Task<AnalyticsStepResult> RunAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        var result = await sync.SyncAsync(null, cancellationToken);
        return new AnalyticsStepResult(result.Synced, result.Summary);
    }
}

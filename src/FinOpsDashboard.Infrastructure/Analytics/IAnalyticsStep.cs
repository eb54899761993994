using FinOpsDashboard.Infrastructure.Ingestion;

namespace FinOpsDashboard.Infrastructure.Analytics;

/// <summary>What one analytics step did, for the run history.</summary>
public sealed record AnalyticsStepResult(long RowsWritten, string Summary);

/// <summary>
/// One piece of derived analysis (recommendations, anomalies, budget evaluation) recomputed from stored facts after
/// each ingestion. A step writes its results in its own transaction, so a failing step leaves its tables as they
/// were and the other steps still run.
/// </summary>
public interface IAnalyticsStep
{
    /// <summary>Short name shown in the run summary, e.g. "recommendations".</summary>
    string Name { get; }

    /// <summary>Lower runs first (anomalies before budgets, for instance, when one reads the other).</summary>
    int Order { get; }

    Task<AnalyticsStepResult> RunAsync(IJobProgress progress, CancellationToken cancellationToken);
}

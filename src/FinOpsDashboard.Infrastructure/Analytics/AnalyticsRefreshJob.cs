using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Analytics;

/// <summary>
/// Recomputes every <see cref="IAnalyticsStep"/> from the stored facts. Triggered after any ingestion that wrote data
/// (see <see cref="JobDefinition.RefreshesAnalytics"/>), by "Run now", and by the CLI after seeding the demo.
/// </summary>
public sealed class AnalyticsRefreshJob(
    AnalyticsRunner runner,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<AnalyticsRefreshJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    public const string Name = "analytics-refresh";

    protected override string JobName => Name;

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(context.Progress, cancellationToken);
        return new JobOutcome(result.RowsWritten, result.Summary, WroteData: result.RowsWritten > 0);
    }
}

/// <summary>Runs the registered steps in order; one failing step does not stop the others, but fails the run (so it is retried).</summary>
public sealed class AnalyticsRunner(IEnumerable<IAnalyticsStep> steps, ILogger<AnalyticsRunner> logger)
{
    public async Task<AnalyticsStepResult> RunAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        var ordered = steps.OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        long rows = 0;
        var summaries = new List<string>();
        var failures = new List<Exception>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var step = ordered[i];
            progress.Report($"Analytics: {step.Name}", (double)i / Math.Max(1, ordered.Count));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var result = await step.RunAsync(progress, cancellationToken);
                rows += result.RowsWritten;
                summaries.Add($"{step.Name} ({watch.Elapsed.TotalSeconds:0.0} s): {result.Summary}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Analytics step {Step} failed", step.Name);
                summaries.Add($"{step.Name}: FAILED ({ex.Message})");
                failures.Add(new InvalidOperationException($"Analytics step '{step.Name}' failed: {ex.Message}", ex));
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException(string.Join("; ", summaries), failures);
        }

        return new AnalyticsStepResult(rows, ordered.Count == 0 ? "No analytics steps registered" : string.Join("; ", summaries));
    }
}

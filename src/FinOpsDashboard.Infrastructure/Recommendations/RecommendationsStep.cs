using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Infrastructure.Analytics;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.Extensions.Logging;

namespace FinOpsDashboard.Infrastructure.Recommendations;

/// <summary>Recomputes recommendations after each ingestion: build inputs, run every detector, upsert, measure done items.</summary>
public sealed class RecommendationsStep(
    RecommendationInputsQuery inputsQuery,
    RecommendationStore store,
    ILogger<RecommendationsStep> logger) : IAnalyticsStep
{
    public string Name => "recommendations";

    public int Order => 20;

    /// <summary>Measures done items now (when one is marked done) rather than at the next run.</summary>
    public async Task<int> MeasureDoneAsync(CancellationToken cancellationToken) =>
        await inputsQuery.BuildAsync(cancellationToken) is { } inputs
            ? await store.RecordRealisedAsync(r => RealisedSavings.Measure(r, inputs), cancellationToken)
            : 0;

    public async Task<AnalyticsStepResult> RunAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        progress.Report("Recommendations: reading the last 30 days");
        var inputs = await inputsQuery.BuildAsync(cancellationToken);
        if (inputs is null)
        {
            return new AnalyticsStepResult(0, "no cost facts yet");
        }

        progress.Report("Recommendations: running the detectors");
        var result = RecommendationEngine.Default.Run(inputs);
        foreach (var r in result.Rejected)
        {
            logger.LogError("Detector {Lever} produced an out-of-bounds finding {Key}: {Reason}", r.Finding.Lever, r.Finding.Key, r.Reason);
        }

        var (raised, refreshed, gone) = await store.UpsertAsync(result.Findings, inputs.Window, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var measured = await store.RecordRealisedAsync(r => RealisedSavings.Measure(r, inputs), cancellationToken);
        var total = result.Findings.Sum(f => f.MonthlySavings);
        var rejected = result.Rejected.Count == 0 ? "" : $"; {result.Rejected.Count} out-of-bounds finding(s) set aside (see log)";
        return new AnalyticsStepResult(
            raised + refreshed + gone + measured,
            $"{result.Findings.Count} finding(s) worth {Money.Usd(total, 0)}/month over {inputs.Window} ({raised} new, {gone} no longer detected, {measured} done item(s) measured){rejected}");
    }
}

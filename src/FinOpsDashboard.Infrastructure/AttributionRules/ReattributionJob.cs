using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.AttributionRules;

/// <summary>Re-applies the active attribution rules to stored facts; run after each saved version, or by hand from the Jobs page.</summary>
public sealed class ReattributionJob(
    ReattributionService reattribution,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<ReattributionJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    public const string Name = "attribution-reattribute";

    /// <summary>The trigger recorded when saving a rule version starts the run.</summary>
    public const string RulesSavedTrigger = "rules-saved";

    protected override string JobName => Name;

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var result = await reattribution.ReattributeAsync(context.Progress, cancellationToken);
        return new JobOutcome(result.RowsChanged, result.Summary, WroteData: result.RowsChanged > 0);
    }
}

using FinOpsDashboard.Domain.Recommendations.Detectors;

namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>A finding the engine refused because its saving broke the bound (negative, or more than the scope's spend).</summary>
public sealed record RejectedFinding(Finding Finding, string Reason);

public sealed record EngineResult(IReadOnlyList<Finding> Findings, IReadOnlyList<RejectedFinding> Rejected);

/// <summary>
/// Runs one detector per lever and enforces the bound every estimate must respect: 0 ≤ saving ≤ the scope's spend per
/// month. A finding outside it is a detector bug: it is set aside (and reported), never shown.
/// </summary>
public sealed class RecommendationEngine(IReadOnlyList<IRecommendationDetector> detectors)
{
    public static RecommendationEngine Default { get; } = new(
    [
        new RightSizeDetector(), new PromptCachingDetector(), new BatchDetector(), new OutputCapDetector(), new ContextTrimDetector(),
        new PtCommitDetector(), new PtUnderusedDetector(), new PtThrottledDetector(), new DistillationDetector(), new EmbeddingsDetector(),
        new AttributionCoverageDetector(),
    ]);

    public IReadOnlyList<IRecommendationDetector> Detectors { get; } = detectors;

    public EngineResult Run(RecommendationInputs inputs)
    {
        var kept = new List<Finding>();
        var rejected = new List<RejectedFinding>();
        foreach (var finding in Detectors.SelectMany(d => d.Detect(inputs)))
        {
            if (BoundViolation(finding) is { } reason)
            {
                rejected.Add(new RejectedFinding(finding, reason));
            }
            else
            {
                kept.Add(finding);
            }
        }

        // One finding per key: the first detector's wins (keys carry the lever, so this only guards detector bugs).
        var unique = kept.GroupBy(f => f.Key, StringComparer.Ordinal).Select(g => g.First());
        return new EngineResult(
            unique.OrderByDescending(f => f.MonthlySavings).ThenBy(f => f.Lever, StringComparer.Ordinal).ThenBy(f => f.Key, StringComparer.Ordinal).ToList(),
            rejected);
    }

    /// <summary>Why a finding breaks the bound, or null: 0 ≤ saving ≤ scope spend; no saving on a lever that claims none.</summary>
    public static string? BoundViolation(Finding f)
    {
        if (f.MonthlySavings < 0)
        {
            return $"negative saving {f.MonthlySavings}";
        }

        if (!f.SavingsClaimed && f.MonthlySavings != 0)
        {
            return "a saving on a finding that claims none";
        }

        if (f.SavingsClaimed && f.MonthlySavings > Math.Round(f.ScopeMonthlyCost, 2))
        {
            return $"saving {f.MonthlySavings} above the scope's spend {f.ScopeMonthlyCost}";
        }

        return null;
    }
}

using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// Spend with no team or no feature above the threshold share: no saving of its own, but every other lever needs an
/// owner to act on it.
/// </summary>
public sealed class AttributionCoverageDetector : IRecommendationDetector
{
    public string Lever => Levers.AttributionCoverage;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        if (inputs.TotalCost <= 0)
        {
            yield break;
        }

        var share = inputs.UnattributedCost / inputs.TotalCost;
        if (share < s.MaxUnattributedShare)
        {
            yield break;
        }

        var biggest = inputs.Workloads
            .Where(w => w.Key.Team == Facts.Attribution.Unattributed || w.Key.Feature == Facts.Attribution.Unattributed)
            .OrderByDescending(w => w.Cost)
            .Take(5)
            .Select(w => $"{w.Key} {Usd(w.Cost * inputs.ToMonth)}/month")
            .ToList();
        yield return new Finding(
            Lever,
            Key(Lever),
            "Tag or attribute the unowned spend",
            null, null, null,
            0m,
            SavingsClaimed: false,
            Confidence.High,
            $"{inputs.Window}: {Usd(inputs.UnattributedCost)} of {Usd(inputs.TotalCost)} ({Percent(share)}) has no team or no feature, above the {Percent(s.MaxUnattributedShare, 0)} threshold. "
                + $"Largest: {string.Join("; ", biggest)}. Activate the cost-allocation tags, tag inference profiles, or add attribution rules.",
            "No saving of its own: unowned spend blocks every other lever.",
            [
                new("Unattributed spend", Usd(inputs.UnattributedCost)),
                new("Total spend", Usd(inputs.TotalCost)),
                new("Share", Percent(share)),
            ],
            "Admin › Attribution rules",
            inputs.UnattributedCost * inputs.ToMonth,
            Measurement.Nothing,
            "Unattributed spend by workload (per month)",
            inputs.Workloads
                .Where(w => w.Key.Team == Facts.Attribution.Unattributed || w.Key.Feature == Facts.Attribution.Unattributed)
                .OrderByDescending(w => w.Cost)
                .Take(8)
                .Select(w => new EvidencePoint($"{w.Key.Team}/{w.Key.Feature}", Math.Round(w.Cost * inputs.ToMonth, 2)))
                .ToList());
    }
}

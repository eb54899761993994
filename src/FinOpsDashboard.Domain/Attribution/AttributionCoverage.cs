namespace FinOpsDashboard.Domain.Attribution;

/// <summary>Spend with the team and feature it is attributed to (one fact, or a sum of facts sharing both).</summary>
public readonly record struct AttributedSpend(string Team, string Feature, decimal Cost);

/// <summary>
/// How much of the spend the attribution rules could place: attributed share = (total − unattributed) / total, for team
/// and for feature separately. Worked example: $1,000.00 in the window, of which $150.00 has team "(unattributed)" and
/// $400.00 has feature "(unattributed)" ⇒ team share (1,000 − 150) / 1,000 = 85 %, feature share (1,000 − 400) / 1,000
/// = 60 %. With no spend both shares are 0 (nothing is attributed, nothing to attribute: <see cref="HasSpend"/> is false).
/// </summary>
public sealed record AttributionCoverage(decimal TotalCost, decimal UnattributedTeamCost, decimal UnattributedFeatureCost)
{
    public static readonly AttributionCoverage Empty = new(0m, 0m, 0m);

    public bool HasSpend => TotalCost != 0m;

    /// <summary>(total − unattributed team) / total; 0 when there is no spend.</summary>
    public decimal TeamShare => HasSpend ? (TotalCost - UnattributedTeamCost) / TotalCost : 0m;

    /// <summary>(total − unattributed feature) / total; 0 when there is no spend.</summary>
    public decimal FeatureShare => HasSpend ? (TotalCost - UnattributedFeatureCost) / TotalCost : 0m;

    public decimal AttributedTeamCost => TotalCost - UnattributedTeamCost;

    public decimal AttributedFeatureCost => TotalCost - UnattributedFeatureCost;

    public static AttributionCoverage Of(IEnumerable<AttributedSpend> spend)
    {
        ArgumentNullException.ThrowIfNull(spend);
        decimal total = 0m, team = 0m, feature = 0m;
        foreach (var s in spend)
        {
            total += s.Cost;
            if (s.Team == Facts.Attribution.Unattributed)
            {
                team += s.Cost;
            }

            if (s.Feature == Facts.Attribution.Unattributed)
            {
                feature += s.Cost;
            }
        }

        return new AttributionCoverage(total, team, feature);
    }
}

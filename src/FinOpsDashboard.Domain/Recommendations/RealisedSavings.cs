namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>What a done recommendation saves now, against the baseline it was raised on.</summary>
public static class RealisedSavings
{
    /// <summary>
    /// Unit cost: (baseline cost per 1M tokens − current cost per 1M) × current tokens per month: $3.00 → $1.00 per 1M on
    /// 1,000M tokens a month = $2,000 a month. Provisioned cost: baseline PT spend per month − current. Null with a reason
    /// when the scope has no traffic now or nothing is measured.
    /// </summary>
    public static (decimal? Saving, string Note) Measure(StoredRecommendation r, RecommendationInputs inputs)
    {
        switch (r.MeasurementKind)
        {
            case Measurement.UnitCost when r.BaselineCostPerMillion is { } baseline && r.MeasurementTeam is { } team && r.MeasurementFeature is { } feature:
            {
                var scope = inputs.Workloads.Where(w => w.Key.Team == team && w.Key.Feature == feature).ToList();
                var cost = scope.Sum(w => w.Cost);
                var tokens = scope.Sum(w => w.Tokens.All);
                if (tokens <= 0)
                {
                    return (null, $"{team} / {feature} has no billed tokens in {inputs.Window}");
                }

                var now = cost / tokens * 1_000_000m;
                var monthlyMillions = tokens * inputs.ToMonth / 1_000_000m;
                var saving = (baseline - now) * monthlyMillions;
                return (saving, $"({Money.Usd(baseline, 4)} − {Money.Usd(now, 4)} per 1M tokens) × {monthlyMillions:N1}M tokens a month ({inputs.Window})");
            }

            case Measurement.ProvisionedCost when r.MeasurementModel is { } model:
            {
                var now = inputs.Workloads.Where(w => w.Key.Model == model && w.Key.PricingMode == "provisioned").Sum(w => w.Cost) * inputs.ToMonth;
                return (r.BaselineMonthlyCost - now, $"{Money.Usd(r.BaselineMonthlyCost)} provisioned spend per month when raised − {Money.Usd(now)} now ({inputs.Window})");
            }

            default:
                return (null, "this lever claims no saving; nothing to measure");
        }
    }
}

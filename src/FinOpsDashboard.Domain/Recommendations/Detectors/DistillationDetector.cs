using FinOpsDashboard.Domain.Pricing;
using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// A high-volume, single-feature workload on a frontier model: a candidate for model distillation. Flagged with its
/// volume; no fixed saving (it depends on the distilled model's quality and the training cost).
/// </summary>
public sealed class DistillationDetector : IRecommendationDetector
{
    public string Lever => Levers.Distillation;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        foreach (var w in inputs.Workloads)
        {
            if (!s.FrontierModelPrefixes.Any(p => w.Key.Model.StartsWith(p, StringComparison.Ordinal))
                || w.Key.PricingMode is not (PriceDimensions.OnDemand or PriceDimensions.Batch)
                || w.Calls is not { Calls: > 0 } calls)
            {
                continue;
            }

            var monthlyCalls = calls.Calls * inputs.ToMonth;
            if (monthlyCalls < s.DistillationMinCallsPerMonth)
            {
                continue;
            }

            yield return new Finding(
                Lever,
                Key(Lever, w.Key.Model, w.Key.Team, w.Key.Feature),
                $"Consider distilling {w.Key.Model} for {w.Key.Team} / {w.Key.Feature}",
                w.Key.Model, w.Key.Team, w.Key.Feature,
                0m,
                SavingsClaimed: false,
                Confidence.Low,
                $"{inputs.Window}: {Count(monthlyCalls)} calls a month ({calls.Source}) from one feature on a frontier model, {Usd(w.Cost * inputs.ToMonth)} a month. "
                    + "A narrow, repetitive task at this volume is what Bedrock model distillation is for.",
                "No fixed saving: it depends on the student model's price and quality, and the distillation job's cost.",
                [
                    new("Calls per month", Count(monthlyCalls)),
                    new("Spend per month", Usd(w.Cost * inputs.ToMonth)),
                ],
                "Bedrock model distillation into a smaller model of the same family",
                w.Cost * inputs.ToMonth,
                Measurement.Nothing,
                "Daily cost",
                DailyChart(inputs, w.DailyCost));
        }
    }
}

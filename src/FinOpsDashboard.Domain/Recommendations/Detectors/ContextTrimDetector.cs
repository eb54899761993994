using FinOpsDashboard.Domain.Pricing;
using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// Prompts that are very long (above the target tokens per call) or growing (per-call input up by the growth ratio
/// against the previous window). Saving = prompt-side cost × (per-call input − target) ÷ per-call input.
/// </summary>
public sealed class ContextTrimDetector : IRecommendationDetector
{
    public string Lever => Levers.ContextTrim;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        foreach (var w in inputs.Workloads)
        {
            if (w.Calls is not { Calls: > 0 } calls || !IsTokenMode(w.Key.PricingMode) || w.Cost * inputs.ToMonth < s.MinMonthlyCost)
            {
                continue;
            }

            var perCall = w.Tokens.Prompt / calls.Calls;
            decimal? before = w.PriorCalls is { Calls: > 0 } pc && w.PriorTokens.Prompt > 0 ? w.PriorTokens.Prompt / pc.Calls : null;
            decimal target;
            string why;
            if (perCall > s.ContextTargetInputTokensPerCall)
            {
                target = s.ContextTargetInputTokensPerCall;
                why = $"{Count(perCall)} prompt tokens per call, above the {Count(target)} target (setting)";
            }
            else if (before is { } b && perCall >= b * s.ContextGrowthRatio)
            {
                target = b;
                why = $"prompt tokens per call grew from {Count(b)} in {inputs.PriorWindow} to {Count(perCall)} (+{Percent((perCall / b) - 1, 0)})";
            }
            else
            {
                continue;
            }

            var promptCost = w.Cells.Where(c => c.Direction is PriceDimensions.Input or PriceDimensions.CacheRead or PriceDimensions.CacheWrite).Sum(c => c.Cost);
            var excess = (perCall - target) / perCall;
            var saving = promptCost * excess * inputs.ToMonth;
            if (saving < s.MinMonthlySavings)
            {
                continue;
            }

            yield return new Finding(
                Lever,
                Key(Lever, w.Key.Model, w.Key.Team, w.Key.Feature),
                $"Trim the context of {w.Key.Team} / {w.Key.Feature} on {w.Key.Model}",
                w.Key.Model, w.Key.Team, w.Key.Feature,
                Math.Round(saving, 2),
                SavingsClaimed: true,
                Confidence.Medium,
                $"{inputs.Window}: {why}, over {Count(calls.Calls)} calls ({calls.Source}). Retrieve fewer, better chunks or summarise history instead of resending it.",
                $"{Usd(promptCost)} prompt-side cost × ({Count(perCall)} − {Count(target)}) ÷ {Count(perCall)} × 30 ÷ {inputs.Window.Days} days = {Usd(saving)} per month",
                [
                    new("Prompt-side cost in window", Usd(promptCost)),
                    new("Prompt tokens per call", Count(perCall)),
                    new("Target per call", Count(target)),
                    new("Previous window per call", before is { } p ? Count(p) : "unknown"),
                ],
                $"{Count(target)} prompt tokens per call",
                w.Cost * inputs.ToMonth,
                UnitCostBaseline(inputs, w.Key.Team, w.Key.Feature),
                "Daily cost",
                DailyChart(inputs, w.DailyCost));
        }
    }
}

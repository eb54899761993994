using FinOpsDashboard.Domain.Pricing;
using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// Long answers: output tokens per call above the cap. Saving = output cost × (per-call output − cap) ÷ per-call output,
/// the cost of the output above the cap if every call were trimmed to it (averages only: low confidence).
/// </summary>
public sealed class OutputCapDetector : IRecommendationDetector
{
    public string Lever => Levers.OutputCap;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        foreach (var w in inputs.Workloads)
        {
            if (w.Calls is not { Calls: > 0 } calls || !IsTokenMode(w.Key.PricingMode) || w.Cost * inputs.ToMonth < s.MinMonthlyCost)
            {
                continue;
            }

            var t = w.Tokens;
            var perCall = t.Output / calls.Calls;
            if (perCall <= s.OutputCapTokensPerCall)
            {
                continue;
            }

            var excess = (perCall - s.OutputCapTokensPerCall) / perCall;
            var outputCost = w.CostOf(PriceDimensions.Output);
            var saving = outputCost * excess * inputs.ToMonth;
            if (saving < s.MinMonthlySavings)
            {
                continue;
            }

            yield return new Finding(
                Lever,
                Key(Lever, w.Key.Model, w.Key.Team, w.Key.Feature),
                $"Cap output tokens for {w.Key.Team} / {w.Key.Feature} on {w.Key.Model}",
                w.Key.Model, w.Key.Team, w.Key.Feature,
                Math.Round(saving, 2),
                SavingsClaimed: true,
                Confidence.Low,
                $"{inputs.Window}: {Count(perCall)} output tokens per call on average over {Count(calls.Calls)} calls ({calls.Source}); cap {Count(s.OutputCapTokensPerCall)} (setting). "
                    + "Set maxTokens and ask for concise answers; check the tail before capping.",
                $"{Usd(outputCost)} output cost × ({Count(perCall)} − {Count(s.OutputCapTokensPerCall)}) ÷ {Count(perCall)} × 30 ÷ {inputs.Window.Days} days = {Usd(saving)} per month",
                [
                    new("Output cost in window", Usd(outputCost)),
                    new("Output tokens per call", Count(perCall)),
                    new("Cap", Count(s.OutputCapTokensPerCall)),
                ],
                $"maxTokens = {Count(s.OutputCapTokensPerCall)}",
                w.Cost * inputs.ToMonth,
                UnitCostBaseline(inputs, w.Key.Team, w.Key.Feature),
                "Daily cost",
                DailyChart(inputs, w.DailyCost));
        }
    }
}

using FinOpsDashboard.Domain.Pricing;
using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// A premium model serving classification- or extraction-shaped traffic (short outputs, small inputs): the same tokens
/// at the cheaper sibling's rates. Saving = (billed cost − cost at the sibling's rates) × 30 ÷ window days.
/// </summary>
public sealed class RightSizeDetector : IRecommendationDetector
{
    public string Lever => Levers.RightSize;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        var date = PriceDate(inputs);
        foreach (var w in inputs.Workloads)
        {
            if (!s.CheaperSibling.TryGetValue(w.Key.Model, out var sibling) || sibling == w.Key.Model
                || w.Key.PricingMode is not (PriceDimensions.OnDemand or PriceDimensions.Batch)
                || w.Cost * inputs.ToMonth < s.MinMonthlyCost)
            {
                continue;
            }

            var t = w.Tokens;
            if (t.Prompt <= 0)
            {
                continue;
            }

            var outputToInput = t.Output / t.Prompt;
            if (outputToInput > s.RightSizeMaxOutputToInput)
            {
                continue;
            }

            decimal? inPerCall = null, outPerCall = null;
            if (w.Calls is { Calls: > 0 } calls)
            {
                inPerCall = t.Prompt / calls.Calls;
                outPerCall = t.Output / calls.Calls;
                if (outPerCall > s.RightSizeMaxOutputTokensPerCall || inPerCall > s.RightSizeMaxInputTokensPerCall)
                {
                    continue;
                }
            }

            decimal atSibling = 0;
            var priced = true;
            foreach (var cell in w.Cells)
            {
                if (CostAtOtherModel(inputs.Prices, cell, sibling, date) is { } c)
                {
                    atSibling += c;
                }
                else
                {
                    priced = false;
                    break;
                }
            }

            var saving = (w.Cost - atSibling) * inputs.ToMonth;
            if (!priced || saving < s.MinMonthlySavings)
            {
                continue;
            }

            var route = Route(w);
            var sibIn = inputs.Prices.RateFor(sibling, null, PriceDimensions.Input, w.Key.PricingMode, route, null, date);
            var sibOut = inputs.Prices.RateFor(sibling, null, PriceDimensions.Output, w.Key.PricingMode, route, null, date);
            var shape = w.Calls is { } known
                ? $"{Number(outPerCall!.Value)} output and {Count(inPerCall!.Value)} input tokens per call over {Count(known.Calls)} calls ({known.Source})"
                : $"output is {Percent(outputToInput, 2)} of input tokens (calls per feature unknown: no invocation logs, and CloudWatch counts the model for several features)";
            yield return new Finding(
                Lever,
                Key(Lever, w.Key.Model, w.Key.Team, w.Key.Feature, w.Key.PricingMode),
                $"Move {w.Key.Team} / {w.Key.Feature} from {w.Key.Model} to {sibling}",
                w.Key.Model, w.Key.Team, w.Key.Feature,
                Math.Round(saving, 2),
                SavingsClaimed: true,
                w.Calls is null ? Confidence.Medium : Confidence.High,
                $"{inputs.Window}: {shape}; {Count(t.Output)} output of {Count(t.Prompt)} prompt tokens ({Percent(outputToInput, 2)}). "
                    + "Classification / extraction-shaped traffic on a premium model.",
                $"(billed {Usd(w.Cost)} − {Usd(atSibling)} at {sibling}'s rates) × 30 ÷ {inputs.Window.Days} days = {Usd(saving)} per month",
                [
                    new("Billed cost in window", Usd(w.Cost)),
                    new($"Same tokens at {sibling}", Usd(atSibling)),
                    new("Rate per charge", "billed cost × sibling list rate ÷ this model's list rate (price catalog), so discounts carry over"),
                    new("Output ÷ input tokens", Percent(outputToInput, 2)),
                    new("Calls", w.Calls is { } c2 ? $"{Count(c2.Calls)} ({c2.Source})" : "unknown"),
                ],
                sibIn is not null && sibOut is not null
                    ? $"{sibling}: {Usd(sibIn.UsdPerMillion)} input / {Usd(sibOut.UsdPerMillion)} output per 1M tokens ({(sibIn.IsRepresentative ? "representative list price" : "catalog")})"
                    : sibling,
                w.Cost * inputs.ToMonth,
                UnitCostBaseline(inputs, w.Key.Team, w.Key.Feature),
                "Daily cost",
                DailyChart(inputs, w.DailyCost));
        }
    }
}

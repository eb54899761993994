using FinOpsDashboard.Domain.Pricing;
using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// Embedding volume spikes (days at or above the spike multiple of the median day): full re-embeds run on-demand.
/// Saving = the spike days' tokens above the median × observed rate × (1 − batch rate ÷ on-demand rate).
/// </summary>
public sealed class EmbeddingsDetector : IRecommendationDetector
{
    public string Lever => Levers.Embeddings;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        var date = PriceDate(inputs);
        foreach (var w in inputs.Workloads)
        {
            if (!w.Key.Model.Contains("Embed", StringComparison.OrdinalIgnoreCase) || w.Key.PricingMode != PriceDimensions.OnDemand
                || w.DailyTokens is not { Count: > 0 } daily || w.Tokens.All <= 0)
            {
                continue;
            }

            var median = Median(daily);
            if (median <= 0)
            {
                continue;
            }

            var spikes = daily.Select((v, i) => (Day: inputs.Window.Start.AddDays(i), Tokens: v)).Where(d => d.Tokens >= median * s.EmbeddingSpikeMultiple).ToList();
            if (spikes.Count == 0)
            {
                continue;
            }

            var route = Route(w);
            var onDemand = inputs.Prices.RateFor(w.Key.Model, null, PriceDimensions.Input, PriceDimensions.OnDemand, route, null, date);
            var batch = inputs.Prices.RateFor(w.Key.Model, null, PriceDimensions.Input, PriceDimensions.Batch, route, null, date);
            var factor = onDemand is { UsdPerMillion: > 0 } && batch is not null ? 1 - (batch.UsdPerMillion / onDemand.UsdPerMillion) : RepresentativePrices.BatchFactor;
            var rate = w.Cost / w.Tokens.All;
            var extraTokens = spikes.Sum(d => d.Tokens - median);
            var saving = extraTokens * rate * factor * inputs.ToMonth;
            if (saving < s.MinMonthlySavings)
            {
                continue;
            }

            yield return new Finding(
                Lever,
                Key(Lever, w.Key.Model, w.Key.Team, w.Key.Feature),
                $"Run {w.Key.Team} / {w.Key.Feature} re-embeds as batch jobs",
                w.Key.Model, w.Key.Team, w.Key.Feature,
                Math.Round(saving, 2),
                SavingsClaimed: true,
                Confidence.Medium,
                $"{inputs.Window}: {spikes.Count} day(s) at ≥ {Number(s.EmbeddingSpikeMultiple, 0)}× the median {Count(median)} embedding tokens ({string.Join(", ", spikes.Select(d => d.Day.ToString("MM-dd", Money.Culture)))}): "
                    + "full re-embeds. Re-embed only changed documents, and run bulk re-embeds as batch jobs.",
                $"{Count(extraTokens)} tokens above the median × {Usd(rate * 1_000_000m)} per 1M × {Percent(factor, 0)} batch discount × 30 ÷ {inputs.Window.Days} days = {Usd(saving)} per month",
                [
                    new("Median day", Count(median) + " tokens"),
                    new("Re-embed tokens", Count(extraTokens)),
                    new("Observed rate", Usd(rate * 1_000_000m) + " per 1M"),
                ],
                "Batch inference for bulk re-embeds",
                w.Cost * inputs.ToMonth,
                UnitCostBaseline(inputs, w.Key.Team, w.Key.Feature),
                "Daily embedding tokens",
                daily.Select((v, i) => new EvidencePoint(inputs.Window.Start.AddDays(i).ToString("MM-dd", Money.Culture), v)).ToList());
        }
    }
}

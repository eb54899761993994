using FinOpsDashboard.Domain.Pricing;
using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// Input-dominant traffic whose cache-read share fell (a regression: the target is the previous window's share, high
/// confidence) or sits near zero (the target is an assumed repeated-prefix share, low confidence) on a model with
/// prompt caching. Saving = extra reads × (input rate − cache-read rate) − extra writes × (write rate − input rate).
/// </summary>
public sealed class PromptCachingDetector : IRecommendationDetector
{
    public string Lever => Levers.PromptCaching;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        var date = PriceDate(inputs);
        foreach (var w in inputs.Workloads)
        {
            if (w.Key.PricingMode != PriceDimensions.OnDemand || w.Cost * inputs.ToMonth < s.MinMonthlyCost)
            {
                continue;
            }

            var route = Route(w);
            var listInput = inputs.Prices.RateFor(w.Key.Model, null, PriceDimensions.Input, w.Key.PricingMode, route, null, date);
            var listRead = inputs.Prices.RateFor(w.Key.Model, null, PriceDimensions.CacheRead, w.Key.PricingMode, route, null, date);
            var listWrite = inputs.Prices.RateFor(w.Key.Model, null, PriceDimensions.CacheWrite, w.Key.PricingMode, route, PriceDimensions.FiveMinutes, date);
            if (listInput is not { UsdPerMillion: > 0 } || listRead is null)
            {
                continue; // no prompt caching on this model
            }

            var t = w.Tokens;
            if (t.Prompt <= 0 || t.Output <= 0 || t.Prompt / t.Output < s.CachingMinInputToOutput)
            {
                continue;
            }

            var share = t.CacheReadShare;
            var prior = w.PriorTokens;
            decimal target;
            string confidence;
            string why;
            if (prior.Prompt > 0 && prior.CacheReadShare - share >= s.CachingRegressionDrop)
            {
                target = prior.CacheReadShare;
                confidence = Confidence.High;
                why = $"cache-hit regression: cache reads were {Percent(prior.CacheReadShare)} of prompt tokens in {inputs.PriorWindow}, {Percent(share)} in {inputs.Window}";
            }
            else if (share <= s.CachingNearZeroShare)
            {
                target = s.CachingAssumedPrefixShare;
                confidence = Confidence.Low;
                why = $"cache reads are {Percent(share)} of prompt tokens on a model with prompt caching; assumed repeated-prefix share {Percent(target, 0)} (setting)";
            }
            else
            {
                continue;
            }

            // Observed input rate, so negotiated prices carry over; read and write rates in the catalog's proportion to it.
            var inputRate = t.Input > 0 ? w.CostOf(PriceDimensions.Input) / t.Input : listInput.UsdPerMillion / 1_000_000m;
            var readRate = inputRate * listRead.UsdPerMillion / listInput.UsdPerMillion;
            var writeRate = listWrite is null ? inputRate : inputRate * listWrite.UsdPerMillion / listInput.UsdPerMillion;

            var extraReads = (target - share) * t.Prompt;
            var gross = extraReads * (inputRate - readRate);
            var extraWrites = Math.Max(0, (target * t.Prompt / s.CachingReadsPerWrite) - t.CacheWrite);
            var writeCost = extraWrites * Math.Max(0, writeRate - inputRate);
            var saving = (gross - writeCost) * inputs.ToMonth;
            if (saving < s.MinMonthlySavings)
            {
                continue;
            }

            yield return new Finding(
                Lever,
                Key(Lever, w.Key.Model, w.Key.Team, w.Key.Feature),
                confidence == Confidence.High
                    ? $"Restore prompt caching for {w.Key.Team} / {w.Key.Feature} on {w.Key.Model}"
                    : $"Cache repeated prompt prefixes for {w.Key.Team} / {w.Key.Feature} on {w.Key.Model}",
                w.Key.Model, w.Key.Team, w.Key.Feature,
                Math.Round(saving, 2),
                SavingsClaimed: true,
                confidence,
                $"{why}. {Count(t.Prompt)} prompt tokens vs {Count(t.Output)} output ({Number(t.Prompt / t.Output)} : 1).",
                $"(({Percent(target)} − {Percent(share)}) × {Count(t.Prompt)} prompt tokens × ({Usd(inputRate * 1_000_000m)} − {Usd(readRate * 1_000_000m)}) per 1M"
                    + $" − {Count(extraWrites)} extra cache-write tokens × {Usd(Math.Max(0, writeRate - inputRate) * 1_000_000m)} per 1M) × 30 ÷ {inputs.Window.Days} days = {Usd(saving)} per month",
                [
                    new("Prompt tokens in window", Count(t.Prompt)),
                    new("Cache-read share now", Percent(share)),
                    new("Target cache-read share", Percent(target)),
                    new("Input rate (billed)", Usd(inputRate * 1_000_000m) + " per 1M"),
                    new("Cache-read rate", Usd(readRate * 1_000_000m) + " per 1M (catalog ratio to input)"),
                    new("Cache writes now", Count(t.CacheWrite)),
                ],
                $"Cache reads at {Usd(readRate * 1_000_000m)} per 1M instead of {Usd(inputRate * 1_000_000m)}",
                w.Cost * inputs.ToMonth,
                UnitCostBaseline(inputs, w.Key.Team, w.Key.Feature),
                "Daily cost",
                DailyChart(inputs, w.DailyCost));
        }
    }
}

using System.Globalization;
using FinOpsDashboard.Domain.Pricing;
using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// On-demand traffic that does not need an answer now: steady every day (weekends too) and running off-hours, or a
/// feature its owners declared non-interactive. Saving = on-demand cost × (1 − batch rate ÷ on-demand rate), i.e. 50 %.
/// </summary>
public sealed class BatchDetector : IRecommendationDetector
{
    public string Lever => Levers.Batch;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        var date = PriceDate(inputs);
        var tokensByModel = inputs.Workloads.GroupBy(w => w.Key.Model).ToDictionary(g => g.Key, g => g.Sum(w => w.Tokens.All), StringComparer.Ordinal);
        foreach (var w in inputs.Workloads)
        {
            if (w.Key.PricingMode != PriceDimensions.OnDemand || w.Cost * inputs.ToMonth < s.MinMonthlyCost)
            {
                continue;
            }

            var route = Route(w);
            var onDemand = inputs.Prices.RateFor(w.Key.Model, null, PriceDimensions.Input, PriceDimensions.OnDemand, route, null, date);
            var batch = inputs.Prices.RateFor(w.Key.Model, null, PriceDimensions.Input, PriceDimensions.Batch, route, null, date);
            if (onDemand is not { UsdPerMillion: > 0 } || batch is null)
            {
                continue;
            }

            var declared = s.NonInteractiveFeatures.Contains(w.Key.Feature, StringComparer.Ordinal);
            var variation = Variation(w.DailyCost);
            var weekendRatio = WeekendRatio(inputs, w.DailyCost);
            var steady = w.DailyCost.Count >= 14 && variation <= s.BatchMaxDailyVariation && weekendRatio >= s.BatchMinWeekendRatio;

            var hours = HourProfile(inputs, w.Key.Model);
            var offShare = OffHoursShare(hours, s.OffHoursStartUtc, s.OffHoursEndUtc);
            var workloadShare = tokensByModel.TryGetValue(w.Key.Model, out var all) && all > 0 ? w.Tokens.All / all : 0;
            var offHours = offShare >= 0.2m && offShare >= 0.8m * workloadShare;
            if (!declared && !(steady && offHours))
            {
                continue;
            }

            var factor = 1 - (batch.UsdPerMillion / onDemand.UsdPerMillion);
            var tokenCost = w.Cells.Where(c => c.Direction is PriceDimensions.Input or PriceDimensions.Output).Sum(c => c.Cost);
            var saving = tokenCost * factor * inputs.ToMonth;
            if (saving < s.MinMonthlySavings)
            {
                continue;
            }

            var signal = declared
                ? $"{w.Key.Feature} is declared non-interactive (setting NonInteractiveFeatures)"
                : $"steady: daily cost varies {Percent(variation)} (≤ {Percent(s.BatchMaxDailyVariation)}), weekends run at {Percent(weekendRatio, 0)} of weekdays; "
                  + $"{Percent(offShare, 0)} of {w.Key.Model}'s tokens arrive {s.OffHoursStartUtc:00}:00-{s.OffHoursEndUtc:00}:00 UTC and this feature is {Percent(workloadShare, 0)} of the model's tokens";
            yield return new Finding(
                Lever,
                Key(Lever, w.Key.Model, w.Key.Team, w.Key.Feature),
                $"Run {w.Key.Team} / {w.Key.Feature} as batch inference",
                w.Key.Model, w.Key.Team, w.Key.Feature,
                Math.Round(saving, 2),
                SavingsClaimed: true,
                declared || weekendRatio >= 0.95m ? Confidence.High : Confidence.Medium,
                $"{inputs.Window}: {signal}. Bulk work that can wait up to 24 h for results.",
                $"{Usd(tokenCost)} on-demand token cost × (1 − {Usd(batch.UsdPerMillion)} ÷ {Usd(onDemand.UsdPerMillion)} per 1M) × 30 ÷ {inputs.Window.Days} days = {Usd(saving)} per month",
                [
                    new("On-demand token cost in window", Usd(tokenCost)),
                    new("Batch ÷ on-demand rate", Percent(batch.UsdPerMillion / onDemand.UsdPerMillion, 0) + $" ({batch.Basis})"),
                    new("Daily cost variation", Percent(variation)),
                    new("Weekend ÷ weekday", Percent(weekendRatio, 0)),
                    new("Off-hours share of the model's tokens", Percent(offShare, 0)),
                ],
                $"Batch inference (CreateModelInvocationJob) at {Usd(batch.UsdPerMillion)} instead of {Usd(onDemand.UsdPerMillion)} per 1M input tokens",
                w.Cost * inputs.ToMonth,
                UnitCostBaseline(inputs, w.Key.Team, w.Key.Feature),
                $"{w.Key.Model}: share of tokens by hour of day (UTC)",
                hours.Select((v, h) => new EvidencePoint(h.ToString("00", CultureInfo.InvariantCulture), Math.Round(v * 100, 1))).ToList());
        }
    }

    /// <summary>Share of the model's tokens in each UTC hour of day (24 values summing to 1, or zeros without telemetry).</summary>
    public static IReadOnlyList<decimal> HourProfile(RecommendationInputs inputs, string model)
    {
        var sums = new decimal[24];
        foreach (var t in inputs.Telemetry.Where(t => t.Model == model && !t.IsProvisioned))
        {
            for (var h = 0; h < Math.Min(24, t.TokensByHourOfDay.Count); h++)
            {
                sums[h] += t.TokensByHourOfDay[h];
            }
        }

        var total = sums.Sum();
        return total == 0 ? sums : sums.Select(v => v / total).ToArray();
    }

    /// <summary>Share in [start, end) UTC, wrapping midnight: 22-07 covers 22, 23, 0 … 6.</summary>
    public static decimal OffHoursShare(IReadOnlyList<decimal> profile, int startUtc, int endUtc)
    {
        decimal share = 0;
        for (var h = 0; h < profile.Count; h++)
        {
            var inside = startUtc <= endUtc ? h >= startUtc && h < endUtc : h >= startUtc || h < endUtc;
            if (inside)
            {
                share += profile[h];
            }
        }

        return share;
    }

    /// <summary>Mean weekend-day cost ÷ mean weekday cost over the window (1 when either is missing).</summary>
    public static decimal WeekendRatio(RecommendationInputs inputs, IReadOnlyList<decimal> daily)
    {
        var weekend = new List<decimal>();
        var weekday = new List<decimal>();
        for (var i = 0; i < daily.Count; i++)
        {
            var day = inputs.Window.Start.AddDays(i).DayOfWeek;
            (day is DayOfWeek.Saturday or DayOfWeek.Sunday ? weekend : weekday).Add(daily[i]);
        }

        return weekend.Count == 0 || weekday.Count == 0 || weekday.Average() == 0 ? 1 : weekend.Average() / weekday.Average();
    }
}

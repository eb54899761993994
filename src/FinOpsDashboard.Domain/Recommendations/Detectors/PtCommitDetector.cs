using FinOpsDashboard.Domain.Pricing;
using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// On-demand traffic stable enough to commit: every one of the last N days within ± the deviation setting of their mean,
/// on a model with a PT offer whose capacity is known. Units = ⌈busiest-hour tokens per minute ÷ capacity per unit⌉;
/// saving = on-demand cost per month − units × hourly price × 720, when positive. Break-even volume shown.
/// </summary>
public sealed class PtCommitDetector : IRecommendationDetector
{
    public string Lever => Levers.PtCommit;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        foreach (var w in inputs.Workloads)
        {
            if (w.Key.PricingMode != PriceDimensions.OnDemand || w.DailyTokens is not { } dailyTokens || dailyTokens.Count < s.PtCommitStableDays
                || w.Cost * inputs.ToMonth < s.MinMonthlyCost)
            {
                continue;
            }

            var offer = inputs.Offers
                .Where(o => o.Model == w.Key.Model && o.CapacityTokensPerMinutePerUnit is > 0)
                .OrderBy(o => o.HourlyUsdPerUnit)
                .FirstOrDefault();
            if (offer is null)
            {
                continue;
            }

            var recent = dailyTokens.Skip(dailyTokens.Count - s.PtCommitStableDays).ToList();
            var mean = recent.Average();
            if (mean <= 0 || recent.Any(d => Math.Abs(d - mean) > mean * s.PtCommitMaxDailyDeviation))
            {
                continue;
            }

            // The busiest hour of the model's day sets the units needed (PT does not queue).
            var profile = BatchDetector.HourProfile(inputs, w.Key.Model);
            var peakShare = profile.Count == 0 || profile.Max() == 0 ? 1m / 24 : profile.Max();
            // Rounded to whole tokens: shares like 1/24 are not exact in decimal, and a 1e-20 excess must not buy a unit.
            var peakPerMinute = Math.Round(mean * peakShare / 60);
            var units = (int)Math.Ceiling(peakPerMinute / offer.CapacityTokensPerMinutePerUnit!.Value);
            units = Math.Max(1, units);
            var ptMonthly = units * offer.HourlyUsdPerUnit * ProvisionedThroughputMath.HoursPerMonth;
            var onDemandMonthly = w.Cost * inputs.ToMonth;
            var saving = onDemandMonthly - ptMonthly;
            if (saving < s.MinMonthlySavings)
            {
                continue;
            }

            var perMillion = w.Tokens.All == 0 ? 0 : w.Cost / w.Tokens.All * 1_000_000m;
            var breakEven = ProvisionedThroughputMath.BreakEvenTokensPerDay(units * offer.HourlyUsdPerUnit, perMillion);
            yield return new Finding(
                Lever,
                Key(Lever, w.Key.Model, w.Key.Team, w.Key.Feature),
                $"Commit {units} model unit(s) of {w.Key.Model} for {w.Key.Team} / {w.Key.Feature}",
                w.Key.Model, w.Key.Team, w.Key.Feature,
                Math.Round(saving, 2),
                SavingsClaimed: true,
                Confidence.Medium,
                $"Last {s.PtCommitStableDays} days: {Count(mean)} tokens a day, every day within ±{Percent(s.PtCommitMaxDailyDeviation, 0)}; busiest hour carries {Percent(peakShare)} of the day "
                    + $"({Count(peakPerMinute)} tokens/min vs {Count(offer.CapacityTokensPerMinutePerUnit.Value)} per unit). Break-even: {(breakEven is { } be ? Count(be) : "n/a")} tokens a day.",
                $"{Usd(onDemandMonthly)} on-demand per month − {units} unit(s) × {Usd(offer.HourlyUsdPerUnit)}/h × 720 h = {Usd(saving)} per month",
                [
                    new("On-demand per month", Usd(onDemandMonthly)),
                    new("PT offer", $"{offer.Commitment}, {Usd(offer.HourlyUsdPerUnit)} per unit-hour"),
                    new("Model units", units.ToString(Money.Culture)),
                    new("Break-even tokens a day", breakEven is { } b ? Count(b) : "n/a"),
                ],
                $"{units} × {w.Key.Model} model unit(s), {offer.Commitment}",
                onDemandMonthly,
                UnitCostBaseline(inputs, w.Key.Team, w.Key.Feature),
                "Daily tokens",
                dailyTokens.Select((v, i) => new EvidencePoint(inputs.Window.Start.AddDays(i).ToString("MM-dd", Money.Culture), v)).ToList());
        }
    }
}

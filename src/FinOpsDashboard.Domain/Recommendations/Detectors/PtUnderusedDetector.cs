using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// A reservation serving less than the target utilization (80 %): below target alerts, below 50 % suggests scaling
/// down, near-zero is waste. Saving = (1 − utilization) × hourly cost × 720.
/// </summary>
public sealed class PtUnderusedDetector : IRecommendationDetector
{
    public string Lever => Levers.PtUnderused;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        foreach (var r in inputs.Reservations)
        {
            if (r.CapacityTokensPerMinutePerUnit is not > 0 || r.HourlyCost is not > 0 || r.ModelUnits <= 0)
            {
                continue;
            }

            var hours = s.PtUtilizationDays * 24;
            var tokens = r.Hours.Sum(h => h.Tokens);
            var utilization = ProvisionedThroughputMath.Utilization(tokens, hours, r.CapacityTokensPerMinutePerUnit.Value, r.ModelUnits);
            if (utilization >= s.PtTargetUtilization)
            {
                continue;
            }

            var monthly = ProvisionedThroughputMath.MonthlyCost(r.HourlyCost.Value);
            var idle = 1 - Math.Min(1, utilization);
            var saving = idle * monthly;
            var (title, advice) = utilization < s.PtIdleUtilization
                ? ($"Delete idle reservation {r.Name}", "it serves next to nothing: delete it when the commitment allows, or move its traffic to on-demand")
                : utilization < s.PtScaleDownUtilization
                    ? ($"Scale down {r.Name}", r.ModelUnits > 1
                        ? $"{Math.Max(1, (int)Math.Ceiling(r.ModelUnits * utilization / s.PtTargetUtilization))} unit(s) would carry this load at the target utilization"
                        : "one unit is the minimum: move this traffic to on-demand at the next renewal, or route more work to it")
                    : ($"Use more of {r.Name}", "below the 80 % target: route more traffic to it or trim a unit at renewal");
            yield return new Finding(
                Lever,
                Key(Lever, r.Arn),
                title,
                r.Model, null, null,
                Math.Round(saving, 2),
                SavingsClaimed: true,
                Confidence.High,
                $"Last {s.PtUtilizationDays} days: {Count(tokens)} tokens served of {Count((decimal)hours * 60 * r.CapacityTokensPerMinutePerUnit.Value * r.ModelUnits)} capacity "
                    + $"({r.ModelUnits} unit(s) × {Count(r.CapacityTokensPerMinutePerUnit.Value)} tokens/min) = {Percent(utilization)} utilization; {advice}.",
                $"(1 − {Percent(utilization)}) × {Usd(r.HourlyCost.Value)}/h × 720 h = {Usd(saving)} per month idle",
                [
                    new("Tokens served", Count(tokens)),
                    new("Capacity per unit", Count(r.CapacityTokensPerMinutePerUnit.Value) + " tokens/min (admin setting)"),
                    new("Model units", r.ModelUnits.ToString(Money.Culture)),
                    new("Hourly cost", $"{Usd(r.HourlyCost.Value)} ({r.HourlyCostSource})"),
                    new("Commitment", r.Commitment + (r.CommitmentExpiresAt is { } e ? $", ends {e:yyyy-MM-dd}" : "")),
                ],
                null,
                monthly,
                new Measurement(Measurement.ProvisionedCost, r.Model, null, null, monthly, null),
                "Daily utilization (%)",
                DailyUtilization(r));
        }
    }

    private static IReadOnlyList<EvidencePoint> DailyUtilization(ReservationUsage r) =>
        r.Hours.GroupBy(h => DateOnly.FromDateTime(h.HourStart))
            .OrderBy(g => g.Key)
            .Select(g => new EvidencePoint(
                g.Key.ToString("MM-dd", Money.Culture),
                Math.Round(ProvisionedThroughputMath.Utilization(g.Sum(h => h.Tokens), 24, r.CapacityTokensPerMinutePerUnit!.Value, r.ModelUnits) * 100, 1)))
            .ToList();
}

namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>
/// Provisioned throughput (PT) arithmetic. No AWS metric reports PT utilization: it is the tokens the reservation served
/// divided by what its model units could serve in the same minutes.
/// </summary>
public static class ProvisionedThroughputMath
{
    /// <summary>Hours in the 30-day month every "per month" figure uses.</summary>
    public const int HoursPerMonth = 720;

    /// <summary>
    /// Served ÷ capacity: 172.8M tokens over 24 h at 20,000 tokens/min/unit × 1 unit (28.8M a day) → 172.8 / 28.8 = 6.0 (600 %);
    /// 8.64M → 0.30. <paramref name="hours"/> is the length of the window, hours with no traffic included.
    /// </summary>
    public static decimal Utilization(long tokens, int hours, long capacityTokensPerMinutePerUnit, int modelUnits)
    {
        var capacity = (decimal)hours * 60 * capacityTokensPerMinutePerUnit * modelUnits;
        return capacity <= 0 ? 0 : tokens / capacity;
    }

    /// <summary>Hourly cost × 720: $55/h → $39,600 a month.</summary>
    public static decimal MonthlyCost(decimal hourlyCost) => hourlyCost * HoursPerMonth;

    /// <summary>
    /// Cost per 1M tokens actually served: $1,320 a day for 8.64M tokens a day → $152.78 per 1M. Null when nothing was served.
    /// </summary>
    public static decimal? EffectiveCostPerMillion(decimal hourlyCost, long tokens, int hours) =>
        tokens <= 0 || hours <= 0 ? null : hourlyCost * hours / tokens * 1_000_000m;

    /// <summary>
    /// Tokens a day at which on-demand would cost what the reservation costs: $1,320 a day at $0.80 per 1M blended → 1,650M
    /// tokens a day. Null without an on-demand rate.
    /// </summary>
    public static decimal? BreakEvenTokensPerDay(decimal hourlyCost, decimal? onDemandUsdPerMillion) =>
        onDemandUsdPerMillion is not > 0 ? null : hourlyCost * 24 / onDemandUsdPerMillion.Value * 1_000_000m;

    /// <summary>Whole days from <paramref name="now"/> to the commitment's end (0 once passed); null without a commitment end.</summary>
    public static int? DaysToExpiry(DateTime? expiresAt, DateTime now) =>
        expiresAt is { } end ? Math.Max(0, (int)Math.Floor((end - now).TotalDays)) : null;
}

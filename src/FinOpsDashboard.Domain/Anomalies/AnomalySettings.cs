namespace FinOpsDashboard.Domain.Anomalies;

/// <summary>
/// The detector's thresholds, bound from the configuration section "Anomalies" (every value has a default). See
/// docs/anomalies.md for what each one does to the flags.
/// </summary>
public sealed record AnomalySettings
{
    public const string Section = "Anomalies";

    /// <summary>How many same-weekday values before a day form its baseline: 8 → the 8 previous Tuesdays.</summary>
    public int TrailingWeeks { get; init; } = 8;

    /// <summary>A day is judged only when at least this many of those same-weekday values exist.</summary>
    public int MinimumPoints { get; init; } = 4;

    /// <summary>Flag when |actual − expected| ÷ spread reaches this (both directions).</summary>
    public decimal ZThreshold { get; init; } = 3.5m;

    /// <summary>…and |actual − expected| reaches this many dollars: a 10σ move of $3 is not worth anyone's time.</summary>
    public decimal DollarThreshold { get; init; } = 50m;

    /// <summary>The spread is at least this share of the expected value, so a flat series (MAD 0) does not give an infinite z.</summary>
    public decimal SpreadFloorShare { get; init; } = 0.05m;

    /// <summary>…and at least this many dollars, for series whose expected value is zero.</summary>
    public decimal MinimumSpreadUsd { get; init; } = 1m;

    /// <summary>A series is watched once its spend began at least this many weeks before the latest day.</summary>
    public int MinimumHistoryWeeks { get; init; } = 4;

    /// <summary>…and it averages at least this much a day since it began (or since the loaded history starts).</summary>
    public decimal MinimumAverageDailySpend { get; init; } = 10m;

    /// <summary>The days re-evaluated on each run: the last 90 days up to the latest day with data.</summary>
    public int EvaluationDays { get; init; } = 90;

    /// <summary>How many usage types an explanation names.</summary>
    public int TopUsageTypes { get; init; } = 5;

    /// <summary>Every out-of-range value, in words; empty when the settings can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (TrailingWeeks is < 2 or > 52)
        {
            problems.Add($"Anomalies:TrailingWeeks must be between 2 and 52 (is {TrailingWeeks}).");
        }

        if (MinimumPoints < 2 || MinimumPoints > TrailingWeeks)
        {
            problems.Add($"Anomalies:MinimumPoints must be between 2 and TrailingWeeks ({TrailingWeeks}) (is {MinimumPoints}).");
        }

        if (ZThreshold <= 0)
        {
            problems.Add($"Anomalies:ZThreshold must be above 0 (is {ZThreshold}).");
        }

        if (DollarThreshold <= 0)
        {
            problems.Add($"Anomalies:DollarThreshold must be above 0 (is {DollarThreshold}).");
        }

        if (SpreadFloorShare is < 0 or > 1)
        {
            problems.Add($"Anomalies:SpreadFloorShare must be between 0 and 1 (is {SpreadFloorShare}).");
        }

        if (MinimumSpreadUsd <= 0)
        {
            problems.Add($"Anomalies:MinimumSpreadUsd must be above 0 (is {MinimumSpreadUsd}).");
        }

        if (MinimumHistoryWeeks < 1)
        {
            problems.Add($"Anomalies:MinimumHistoryWeeks must be at least 1 (is {MinimumHistoryWeeks}).");
        }

        if (MinimumAverageDailySpend < 0)
        {
            problems.Add($"Anomalies:MinimumAverageDailySpend must not be negative (is {MinimumAverageDailySpend}).");
        }

        if (EvaluationDays is < 1 or > 730)
        {
            problems.Add($"Anomalies:EvaluationDays must be between 1 and 730 (is {EvaluationDays}).");
        }

        if (TopUsageTypes is < 1 or > 50)
        {
            problems.Add($"Anomalies:TopUsageTypes must be between 1 and 50 (is {TopUsageTypes}).");
        }

        return problems;
    }

    /// <summary>These settings, or an <see cref="ArgumentException"/> naming every bad value.</summary>
    public AnomalySettings Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join(" ", problems));
    }
}

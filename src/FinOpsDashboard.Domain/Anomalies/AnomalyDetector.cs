using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Anomalies;

/// <summary>One daily series: the whole bill (<see cref="AnomalyDimension.Total"/>, key "all") or one model, team, feature or pricing mode.</summary>
public sealed record SeriesKey(AnomalyDimension Dimension, string Key)
{
    public const string TotalKey = "all";

    public static SeriesKey Total { get; } = new(AnomalyDimension.Total, TotalKey);

    public override string ToString() => $"{Dimension.Slug()}:{Key}";
}

/// <summary>
/// A series' daily unblended cost over the loaded <see cref="Data"/> window. The series begins on its first day with spend
/// (or the window's first day): from then on a day without a row cost nothing, before it the series did not exist.
/// </summary>
public sealed class DailySeries
{
    private readonly IReadOnlyDictionary<DateOnly, decimal> _costs;

    public DailySeries(SeriesKey key, IReadOnlyDictionary<DateOnly, decimal> costs, DateWindow data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(costs);
        Key = key;
        Data = data;
        _costs = costs;
        var first = costs.Where(c => c.Value != 0 && data.Contains(c.Key)).Select(c => (DateOnly?)c.Key).Min();
        Start = first ?? data.End;
    }

    public SeriesKey Key { get; }

    public DateWindow Data { get; }

    /// <summary>The first day the series had spend (not before <see cref="Data"/> starts); <see cref="Data"/>.End when it never had any.</summary>
    public DateOnly Start { get; }

    /// <summary>The days the series existed: [<see cref="Start"/>, end of data).</summary>
    public DateWindow Lifetime => new(Start, Data.End);

    public decimal CostOn(DateOnly day) => _costs.GetValueOrDefault(day);
}

/// <summary>
/// What a day was expected to cost: the median of the same weekday over the trailing weeks (<see cref="Days"/>), and a
/// robust spread: 1.4826 × the median absolute deviation (σ for normal noise), floored so a flat series still has one.
/// </summary>
public sealed record SeasonalBaseline(DateOnly Date, IReadOnlyList<DateOnly> Days, decimal Expected, decimal MedianAbsoluteDeviation, decimal Spread)
{
    /// <summary>How many spreads <paramref name="actual"/> is from the expected value: expected 100, spread 10, actual 135 → 3.5.</summary>
    public decimal ZOf(decimal actual) => (actual - Expected) / Spread;
}

/// <summary>A day whose cost left its seasonal band by both the z and the dollar threshold.</summary>
public sealed record AnomalyFlag(SeriesKey Series, DateOnly Date, decimal Actual, SeasonalBaseline Baseline, decimal Z, AnomalySeverity Severity)
{
    public decimal Expected => Baseline.Expected;

    /// <summary>Actual − expected: positive for a spike, negative for a drop.</summary>
    public decimal Deviation => Actual - Expected;
}

/// <summary>
/// Weekday-seasonal robust anomaly detection over daily cost series (product.md, "Anomalies"). Every day of a series is
/// judged against the same weekday of the trailing weeks only, so a quiet weekend is compared with quiet weekends. Flagged
/// days are not taken out of later baselines: the median already ignores a lone spike, and a lasting change of level
/// stops being flagged once it holds most of the trailing weeks (after ~TrailingWeeks / 2 weeks) instead of forever.
/// </summary>
public static class AnomalyDetector
{
    /// <summary>Scales a median absolute deviation to a standard deviation for normally distributed noise.</summary>
    public const decimal MadToSigma = 1.4826m;

    /// <summary>
    /// The baseline of <paramref name="day"/>, or null when fewer than MinimumPoints same-weekday days of the series exist.
    /// Example: previous Tuesdays 100, 102, 98, 100, 130 → median 100, MAD 2, spread max(1.4826 × 2, 5 % × 100, $1) = 5.
    /// </summary>
    public static SeasonalBaseline? BaselineFor(DailySeries series, DateOnly day, AnomalySettings settings)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        var days = new List<DateOnly>(settings.TrailingWeeks);
        var lifetime = series.Lifetime;
        for (var week = 1; week <= settings.TrailingWeeks; week++)
        {
            var earlier = day.AddDays(-7 * week);
            if (lifetime.Contains(earlier))
            {
                days.Add(earlier);
            }
        }

        if (days.Count < settings.MinimumPoints)
        {
            return null;
        }

        var values = days.Select(series.CostOn).ToList();
        var median = Median(values);
        var mad = Median(values.Select(v => Math.Abs(v - median)).ToList());
        var spread = Math.Max(Math.Max(MadToSigma * mad, settings.SpreadFloorShare * Math.Abs(median)), settings.MinimumSpreadUsd);
        return new SeasonalBaseline(day, days, median, mad, spread);
    }

    /// <summary>
    /// A series is watched when its spend began at least MinimumHistoryWeeks before the end of the data and it averages at
    /// least MinimumAverageDailySpend a day since then: $300 over 30 days with a $10 minimum → watched.
    /// </summary>
    public static bool HasEnoughHistory(DailySeries series, AnomalySettings settings)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        var lifetime = series.Lifetime;
        if (lifetime.Days < settings.MinimumHistoryWeeks * 7)
        {
            return false;
        }

        var total = lifetime.EachDay().Sum(series.CostOn);
        return total / lifetime.Days >= settings.MinimumAverageDailySpend;
    }

    /// <summary>
    /// The flagged days of <paramref name="evaluate"/>: |z| ≥ ZThreshold and |actual − expected| ≥ DollarThreshold, spikes
    /// and drops alike, in date order. A series without enough history, or a day without enough baseline points, is not judged.
    /// </summary>
    public static IReadOnlyList<AnomalyFlag> Detect(DailySeries series, DateWindow evaluate, AnomalySettings settings)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        if (!HasEnoughHistory(series, settings))
        {
            return [];
        }

        var flags = new List<AnomalyFlag>();
        var lifetime = series.Lifetime;
        foreach (var day in evaluate.EachDay().Where(lifetime.Contains))
        {
            if (BaselineFor(series, day, settings) is not { } baseline)
            {
                continue;
            }

            var actual = series.CostOn(day);
            var deviation = actual - baseline.Expected;
            var z = baseline.ZOf(actual);
            if (Math.Abs(z) >= settings.ZThreshold && Math.Abs(deviation) >= settings.DollarThreshold)
            {
                flags.Add(new AnomalyFlag(series.Key, day, actual, baseline, z, SeverityOf(deviation, z, settings)));
            }
        }

        return flags;
    }

    /// <summary>
    /// Severity from the dollar impact in multiples of DollarThreshold: below 2× low, below 5× medium, below 20× high, from
    /// 20× critical; a critical impact with |z| under twice ZThreshold (barely outside the band) is shown as high. With the
    /// defaults ($50, 3.5): +$80 → low, −$180 → medium, +$600 → high, +$1,500 at z 9 → critical, +$1,500 at z 4 → high.
    /// AWS findings have no z (null): impact alone decides.
    /// </summary>
    public static AnomalySeverity SeverityOf(decimal deviation, decimal? z, AnomalySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var impact = Math.Abs(deviation) / settings.DollarThreshold;
        var severity = impact switch
        {
            >= 20 => AnomalySeverity.Critical,
            >= 5 => AnomalySeverity.High,
            >= 2 => AnomalySeverity.Medium,
            _ => AnomalySeverity.Low,
        };
        return severity == AnomalySeverity.Critical && z is { } score && Math.Abs(score) < 2 * settings.ZThreshold
            ? AnomalySeverity.High
            : severity;
    }

    /// <summary>The middle value, or the mean of the two middle values: [3, 1, 2] → 2; [4, 1, 3, 2] → 2.5.</summary>
    public static decimal Median(IReadOnlyCollection<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

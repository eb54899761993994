namespace FinOpsDashboard.Domain.Budgets;

/// <summary>
/// Where one threshold stands. <see cref="Crossed"/>: for actual, spend so far has reached it; for forecast, the
/// projected period total has. <see cref="ReachedOn"/> is the first day cumulative spend reaches it — a past day,
/// or (<see cref="IsProjected"/>) a forecast one — or null when the period ends below it.
/// </summary>
public sealed record ThresholdStatus(int Percent, string Basis, decimal ThresholdAmount, bool Crossed, DateOnly? ReachedOn, bool IsProjected);

/// <summary>One day of the period: actual spend up to the data's last day, forecast after it; cumulative from the period start.</summary>
public sealed record BudgetDay(DateOnly Date, decimal Cost, bool IsForecast, decimal Cumulative);

/// <summary>A budget's standing in one period, computed from a daily series (all amounts unblended USD).</summary>
public sealed record BudgetEvaluation(
    BudgetPeriod Period,
    DateOnly DataThrough,
    decimal Amount,
    decimal Actual,
    decimal Forecast,
    DateOnly? ProjectedExceedDate,
    BudgetForecastModel Model,
    IReadOnlyList<ThresholdStatus> Thresholds,
    IReadOnlyList<BudgetDay> Days)
{
    /// <summary>Actual so far plus the forecast for the remaining days.</summary>
    public decimal ProjectedTotal => Actual + Forecast;

    public decimal ActualShare => Amount == 0 ? 0 : Actual / Amount;

    public decimal ProjectedShare => Amount == 0 ? 0 : ProjectedTotal / Amount;

    /// <summary>No day of the period is left to forecast.</summary>
    public bool IsComplete => DataThrough >= Period.LastDay;

    public bool IsExceeded => Actual >= Amount;

    public int ForecastDays => Days.Count(d => d.IsForecast);
}

/// <summary>Evaluates a budget over a daily series: pure, so every case can be computed by hand in a test.</summary>
public static class BudgetEvaluator
{
    /// <summary>
    /// The period of <paramref name="periodKind"/> holding <paramref name="dataThrough"/> (the last complete day with
    /// data), evaluated from its first day — whenever the budget was created. Actual = spend from the period start
    /// through <paramref name="dataThrough"/>; forecast = <see cref="BudgetForecast"/> for each later day of the period.
    /// Example: $100 every day, monthly $2,500, data through 20 November → actual $2,000, forecast $1,000 (10 days),
    /// projected to reach $2,500 on 25 November.
    /// </summary>
    public static BudgetEvaluation Evaluate(
        string periodKind,
        decimal amount,
        IReadOnlyList<ThresholdRule> thresholds,
        IEnumerable<DailyCost> series,
        DateOnly dataThrough,
        DateOnly? dataStart = null)
    {
        var period = BudgetPeriod.Containing(periodKind, dataThrough);
        var daily = new Dictionary<DateOnly, decimal>();
        foreach (var point in series)
        {
            daily[point.Date] = daily.GetValueOrDefault(point.Date) + point.Cost;
        }

        var model = BudgetForecast.Fit(daily, dataThrough, dataStart ?? (daily.Count == 0 ? null : daily.Keys.Min()));
        var days = new List<BudgetDay>(period.Days);
        var cumulative = 0m;
        foreach (var day in period.Window.EachDay())
        {
            var isForecast = day > dataThrough;
            var cost = isForecast ? model.For(day) : daily.GetValueOrDefault(day);
            cumulative += cost;
            days.Add(new BudgetDay(day, cost, isForecast, cumulative));
        }

        var actual = days.Where(d => !d.IsForecast).Sum(d => d.Cost);
        var forecast = days.Where(d => d.IsForecast).Sum(d => d.Cost);
        var statuses = thresholds
            .OrderBy(t => t.Basis, StringComparer.Ordinal).ThenBy(t => t.Percent)
            .Select(t => Status(t, amount, days))
            .ToList();
        return new BudgetEvaluation(period, dataThrough, amount, actual, forecast, FirstReaching(days, amount)?.Date, model, statuses, days);
    }

    private static ThresholdStatus Status(ThresholdRule threshold, decimal amount, IReadOnlyList<BudgetDay> days)
    {
        var target = threshold.AmountOf(amount);
        var reached = FirstReaching(days, target);
        var crossed = threshold.Basis == ThresholdBases.Actual ? reached is { IsForecast: false } : reached is not null;
        return new ThresholdStatus(threshold.Percent, threshold.Basis, target, crossed, reached?.Date, reached?.IsForecast ?? false);
    }

    /// <summary>The first day cumulative spend reaches <paramref name="target"/> (reaching counts: $2,000 of a $2,000 threshold crosses it).</summary>
    private static BudgetDay? FirstReaching(IReadOnlyList<BudgetDay> days, decimal target) => days.FirstOrDefault(d => d.Cumulative >= target);
}

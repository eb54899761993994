using System.Globalization;

namespace FinOpsDashboard.Domain.Budgets;

/// <summary>One day's spend in a budget's scope (unblended cost, USD).</summary>
public sealed record DailyCost(DateOnly Date, decimal Cost);

/// <summary>
/// The fitted forecast: a level (run-rate per day) and a factor per weekday. A day's forecast is
/// <c>RunRate × factor(weekday)</c>: with a run-rate of $160/day, a Monday factor of 1.25 forecasts $200 for a Monday.
/// </summary>
public sealed record BudgetForecastModel(decimal RunRate, IReadOnlyDictionary<DayOfWeek, decimal> WeekdayFactors, int RunRateDays, int HistoryDays)
{
    /// <summary>False when there was too little history for weekday factors (every factor is then 1).</summary>
    public bool IsSeasonal => HistoryDays >= BudgetForecast.MinSeasonalityDays;

    public decimal For(DateOnly day) => RunRate * WeekdayFactors[day.DayOfWeek];

    /// <summary>The method in a sentence, with this fit's numbers: shown beside every forecast.</summary>
    public string Describe()
    {
        if (HistoryDays == 0)
        {
            return "No spend history before the forecast days: the forecast is $0.";
        }

        var rate = Money.Usd(RunRate);
        if (!IsSeasonal)
        {
            return $"Run-rate × remaining days: {rate}/day, the mean of the {HistoryDays} day(s) of history (fewer than {BudgetForecast.MinSeasonalityDays}, so no weekday adjustment).";
        }

        var factors = string.Join(", ", BudgetForecast.WeekOrder.Select(d => $"{d.ToString()[..3]} ×{WeekdayFactors[d].ToString("0.00", CultureInfo.InvariantCulture)}"));
        return $"Each remaining day = run-rate {rate}/day (mean of the last {RunRateDays} complete days) × that weekday's factor "
            + $"(its mean over the last {HistoryDays} days ÷ their overall mean: {factors}).";
    }
}

/// <summary>Run-rate with weekday seasonality, fitted on the complete days before the forecast starts.</summary>
public static class BudgetForecast
{
    /// <summary>Days the level is averaged over: one of each weekday, so the level carries no weekday bias.</summary>
    public const int RunRateDays = 7;

    /// <summary>Days the weekday shape is learnt from: four of each weekday.</summary>
    public const int SeasonalityDays = 28;

    /// <summary>Below two weeks a weekday's mean rests on one day: no weekday adjustment then.</summary>
    public const int MinSeasonalityDays = 14;

    public static readonly IReadOnlyList<DayOfWeek> WeekOrder =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>
    /// Fits on the days up to <paramref name="lastDay"/> (inclusive), never before <paramref name="firstDay"/> (the
    /// first day with any data: days before it are unknown, not $0). Days missing from <paramref name="daily"/> are $0.
    /// Example: weekdays at $100 and weekends at $30 for four weeks → run-rate $80 (560 ÷ 7), factors 1.25 and 0.375,
    /// so a Monday forecasts $100 and a Sunday $30.
    /// </summary>
    public static BudgetForecastModel Fit(IReadOnlyDictionary<DateOnly, decimal> daily, DateOnly lastDay, DateOnly? firstDay)
    {
        var historyStart = lastDay.AddDays(1 - SeasonalityDays);
        if (firstDay is { } first && first > historyStart)
        {
            historyStart = first;
        }

        var history = new List<DailyCost>();
        for (var day = historyStart; day <= lastDay; day = day.AddDays(1))
        {
            history.Add(new DailyCost(day, daily.GetValueOrDefault(day)));
        }

        var ones = WeekOrder.ToDictionary(d => d, _ => 1m);
        if (history.Count == 0)
        {
            return new BudgetForecastModel(0m, ones, 0, 0);
        }

        var recent = history.TakeLast(RunRateDays).ToList();
        var runRate = recent.Sum(d => d.Cost) / recent.Count;
        var mean = history.Sum(d => d.Cost) / history.Count;
        if (history.Count < MinSeasonalityDays || mean == 0m)
        {
            return new BudgetForecastModel(runRate, ones, recent.Count, history.Count);
        }

        var factors = WeekOrder.ToDictionary(
            weekday => weekday,
            weekday => history.Where(d => d.Date.DayOfWeek == weekday).Select(d => d.Cost).DefaultIfEmpty(mean).Average() / mean);
        return new BudgetForecastModel(runRate, factors, recent.Count, history.Count);
    }
}

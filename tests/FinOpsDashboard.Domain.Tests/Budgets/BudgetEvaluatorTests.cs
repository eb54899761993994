using FinOpsDashboard.Domain.Budgets;
using static FinOpsDashboard.Domain.Tests.Budgets.BudgetForecastTests;
using static FinOpsDashboard.Domain.Tests.Budgets.BudgetPeriodTests;

namespace FinOpsDashboard.Domain.Tests.Budgets;

public sealed class BudgetEvaluatorTests
{
    [Theory]
    // name, period, data through, series from, $ per day, amount, actual, forecast, projected to reach the amount on, period key
    [InlineData("mid-month, flat $100", "monthly", "2026-11-20", "2026-09-01", 100, 2500, 2000, 1000, "2026-11-25", "2026-11")]
    [InlineData("month's last day: complete, nothing to forecast", "monthly", "2026-10-31", "2026-09-01", 100, 2500, 3100, 0, "2026-10-25", "2026-10")]
    [InlineData("first day of a month: the new month, 30 days to forecast", "monthly", "2026-11-01", "2026-09-01", 100, 2500, 100, 2900, "2026-11-25", "2026-11")]
    [InlineData("already exceeded: the day it was reached, in the past", "monthly", "2026-11-20", "2026-09-01", 100, 1500, 2000, 1000, "2026-11-15", "2026-11")]
    [InlineData("leap February has 29 days", "monthly", "2028-02-10", "2027-12-01", 10, 300, 100, 190, null, "2028-02")]
    [InlineData("ordinary February has 28: reached on its last day", "monthly", "2027-02-10", "2026-12-01", 10, 280, 100, 180, "2027-02-28", "2027-02")]
    [InlineData("a quarter: 46 days actual, 46 forecast", "quarterly", "2026-11-15", "2026-08-01", 10, 1000, 460, 460, null, "2026-Q4")]
    [InlineData("a leap year: 60 days actual, 306 forecast", "annual", "2028-02-29", "2027-11-01", 10, 3660, 600, 3060, "2028-12-31", "2028")]
    [InlineData("no data at all", "monthly", "2026-11-20", null, 0, 2500, 0, 0, null, "2026-11")]
    public void Evaluate_ComputesActualForecastAndProjectedDate(
        string name, string period, string through, string? seriesFrom, int perDay, int amount, int actual, int forecast, string? reachedOn, string key)
    {
        var series = seriesFrom is null ? [] : Series(Date(seriesFrom), Date(through), _ => perDay).Select(p => new DailyCost(p.Key, p.Value)).ToList();

        var evaluation = BudgetEvaluator.Evaluate(period, amount, BudgetDraft.DefaultThresholds, series, Date(through));

        Assert.True(actual == evaluation.Actual, $"{name}: actual {evaluation.Actual}");
        Assert.Equal(forecast, evaluation.Forecast);
        Assert.Equal(actual + forecast, evaluation.ProjectedTotal);
        Assert.Equal(reachedOn is null ? null : Date(reachedOn), evaluation.ProjectedExceedDate);
        Assert.Equal(key, evaluation.Period.Key);
        Assert.Equal(evaluation.Period.Days, evaluation.Days.Count);
        Assert.Equal(evaluation.ProjectedTotal, evaluation.Days[^1].Cumulative);
    }

    [Fact]
    public void Thresholds_OnActualCrossWithSpendSoFar_OnForecastWithTheProjectedTotal()
    {
        var series = Series(Date("2026-10-01"), Date("2026-11-20"), _ => 100m).Select(p => new DailyCost(p.Key, p.Value));
        ThresholdRule[] thresholds =
        [
            new(50, ThresholdBases.Actual),
            new(80, ThresholdBases.Actual),
            new(100, ThresholdBases.Actual),
            new(100, ThresholdBases.Forecast),
            new(150, ThresholdBases.Forecast),
        ];

        var evaluation = BudgetEvaluator.Evaluate(BudgetPeriodKinds.Monthly, 2500m, thresholds, series, Date("2026-11-20"));

        var byKey = evaluation.Thresholds.ToDictionary(t => (t.Percent, t.Basis));
        // $1,250 (50 %): $1,300 after 13 days, $1,200 after 12.
        Assert.Equal(new ThresholdStatus(50, "actual", 1250m, true, Date("2026-11-13"), false), byKey[(50, "actual")]);
        // $2,000 (80 %) reached exactly on the 20th: reaching counts.
        Assert.Equal(new ThresholdStatus(80, "actual", 2000m, true, Date("2026-11-20"), false), byKey[(80, "actual")]);
        // 100 % of actual is only projected (25th): not crossed yet.
        Assert.Equal(new ThresholdStatus(100, "actual", 2500m, false, Date("2026-11-25"), true), byKey[(100, "actual")]);
        // 100 % of forecast: the $3,000 projection passes $2,500, so it is crossed now, projected for the 25th.
        Assert.Equal(new ThresholdStatus(100, "forecast", 2500m, true, Date("2026-11-25"), true), byKey[(100, "forecast")]);
        // 150 % ($3,750) is above the $3,000 projection.
        Assert.Equal(new ThresholdStatus(150, "forecast", 3750m, false, null, false), byKey[(150, "forecast")]);
    }

    [Fact]
    public void WeekdaySeasonality_ShapesTheRestOfTheMonth()
    {
        // Weekdays $100, weekends $30; data through Friday 20 November.
        var series = Series(Date("2026-10-01"), Date("2026-11-20"), d => IsWeekend(d) ? 30m : 100m).Select(p => new DailyCost(p.Key, p.Value));

        var evaluation = BudgetEvaluator.Evaluate(BudgetPeriodKinds.Monthly, 2000m, [], series, Date("2026-11-20"));

        // Nov 1–20: 15 weekdays × 100 + 5 weekend days × 30 = 1,650.
        Assert.Equal(1650m, evaluation.Actual);
        // Nov 21–30: 6 weekdays × 100 + 4 weekend days × 30 = 720.
        Assert.Equal(720m, evaluation.Forecast);
        Assert.Equal(10, evaluation.ForecastDays);
        // 1,650 + Sat 30 + Sun 30 + Mon 100 + Tue 100 = 1,910; Wed 25th → 2,010.
        Assert.Equal(Date("2026-11-25"), evaluation.ProjectedExceedDate);
        Assert.Equal(30m, evaluation.Days.Single(d => d.Date == Date("2026-11-22")).Cost);
        Assert.True(evaluation.Days.Single(d => d.Date == Date("2026-11-22")).IsForecast);
    }

    [Fact]
    public void ABudgetCreatedMidMonth_CountsTheWholeMonth()
    {
        // Spend only in the first week, before a budget made on the 15th: it still counts against that month.
        var series = Series(Date("2026-11-01"), Date("2026-11-07"), _ => 200m).Select(p => new DailyCost(p.Key, p.Value));

        var evaluation = BudgetEvaluator.Evaluate(BudgetPeriodKinds.Monthly, 1000m, BudgetDraft.DefaultThresholds, series, Date("2026-11-20"));

        Assert.Equal(1400m, evaluation.Actual);
        Assert.Equal(Date("2026-11-05"), evaluation.ProjectedExceedDate);
        Assert.True(evaluation.IsExceeded);
        Assert.All(evaluation.Thresholds.Where(t => t.Basis == ThresholdBases.Actual), t => Assert.True(t.Crossed));
    }

    [Fact]
    public void SpendOutsideThePeriod_IsIgnored_AndRepeatedDaysAdd()
    {
        DailyCost[] series = [new(Date("2026-10-31"), 999m), new(Date("2026-11-01"), 10m), new(Date("2026-11-01"), 5m), new(Date("2026-12-01"), 999m)];

        var evaluation = BudgetEvaluator.Evaluate(BudgetPeriodKinds.Monthly, 100m, [], series, Date("2026-11-01"));

        Assert.Equal(15m, evaluation.Actual);
    }
}

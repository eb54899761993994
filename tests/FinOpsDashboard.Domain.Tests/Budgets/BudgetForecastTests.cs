using FinOpsDashboard.Domain.Budgets;
using static FinOpsDashboard.Domain.Tests.Budgets.BudgetPeriodTests;

namespace FinOpsDashboard.Domain.Tests.Budgets;

public sealed class BudgetForecastTests
{
    // 2026-11-20 is a Friday: the 28 days ending then (Oct 24 – Nov 20) hold four of each weekday.
    private static readonly DateOnly Friday = new(2026, 11, 20);

    [Fact]
    public void WeekdaysAndWeekends_ForecastEachWeekdayAtItsOwnLevel()
    {
        var daily = Series(Friday.AddDays(-60), Friday, d => IsWeekend(d) ? 30m : 100m);

        var model = BudgetForecast.Fit(daily, Friday, null);

        // Run-rate: the last 7 days, (5 × 100 + 2 × 30) ÷ 7 = 80; 28-day mean also 80; factors 100/80 and 30/80.
        Assert.Equal(80m, model.RunRate);
        Assert.Equal(1.25m, model.WeekdayFactors[DayOfWeek.Monday]);
        Assert.Equal(0.375m, model.WeekdayFactors[DayOfWeek.Sunday]);
        Assert.Equal(100m, model.For(new DateOnly(2026, 11, 23)));
        Assert.Equal(30m, model.For(new DateOnly(2026, 11, 22)));
        Assert.True(model.IsSeasonal);
        Assert.Equal(28, model.HistoryDays);
        Assert.Contains("run-rate $80.00/day (mean of the last 7 complete days)", model.Describe());
        Assert.Contains("Mon ×1.25", model.Describe());
    }

    [Fact]
    public void ALevelShiftInTheLastWeek_MovesTheRunRate_AndKeepsTheWeeklyShape()
    {
        // Three weeks at 100/30, then the last week doubled to 200/60.
        var daily = Series(Friday.AddDays(-27), Friday, d => (IsWeekend(d) ? 30m : 100m) * (d > Friday.AddDays(-7) ? 2 : 1));

        var model = BudgetForecast.Fit(daily, Friday, null);

        // Run-rate (5 × 200 + 2 × 60) ÷ 7 = 160; weekday mean over 28 days (3 × 100 + 200) ÷ 4 = 125, weekend 37.5, overall 100.
        Assert.Equal(160m, model.RunRate);
        Assert.Equal(1.25m, model.WeekdayFactors[DayOfWeek.Wednesday]);
        Assert.Equal(0.375m, model.WeekdayFactors[DayOfWeek.Saturday]);
        Assert.Equal(200m, model.For(new DateOnly(2026, 11, 25)));
        Assert.Equal(60m, model.For(new DateOnly(2026, 11, 21)));
    }

    [Fact]
    public void FewerThanTwoWeeks_UsesThePlainMean_WithoutWeekdayFactors()
    {
        var first = Friday.AddDays(-4);
        var daily = Series(first, Friday, d => 10m * (d.DayNumber - first.DayNumber + 1));

        var model = BudgetForecast.Fit(daily, Friday, first);

        // 10, 20, 30, 40, 50 → 30 a day, every weekday alike.
        Assert.Equal(30m, model.RunRate);
        Assert.False(model.IsSeasonal);
        Assert.All(model.WeekdayFactors.Values, f => Assert.Equal(1m, f));
        Assert.Contains("the mean of the 5 day(s) of history", model.Describe());
    }

    [Fact]
    public void DaysBeforeTheFirstData_AreUnknown_NotZero()
    {
        var first = Friday.AddDays(-9);
        var daily = Series(first, Friday, _ => 100m);

        Assert.Equal(100m, BudgetForecast.Fit(daily, Friday, first).RunRate);
        // Counting the 18 earlier days as $0 would have halved the weekday factors' base: only the 10 known days count.
        Assert.Equal(10, BudgetForecast.Fit(daily, Friday, first).HistoryDays);
    }

    [Fact]
    public void NoHistory_ForecastsNothing_AndSaysSo()
    {
        var model = BudgetForecast.Fit(new Dictionary<DateOnly, decimal>(), Friday, Friday.AddDays(1));

        Assert.Equal(0m, model.RunRate);
        Assert.Equal(0m, model.For(Friday.AddDays(3)));
        Assert.StartsWith("No spend history", model.Describe());
    }

    internal static Dictionary<DateOnly, decimal> Series(DateOnly from, DateOnly through, Func<DateOnly, decimal> cost)
    {
        var series = new Dictionary<DateOnly, decimal>();
        for (var day = from; day <= through; day = day.AddDays(1))
        {
            series[day] = cost(day);
        }

        return series;
    }

    internal static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    [Fact]
    public void Dates_UsedHere_AreTheWeekdaysTheCommentsSay()
    {
        Assert.Equal(DayOfWeek.Friday, Date("2026-11-20").DayOfWeek);
        Assert.Equal(DayOfWeek.Saturday, Date("2026-10-24").DayOfWeek);
    }
}

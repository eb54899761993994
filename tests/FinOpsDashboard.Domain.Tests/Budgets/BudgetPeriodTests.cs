using System.Globalization;
using FinOpsDashboard.Domain.Budgets;

namespace FinOpsDashboard.Domain.Tests.Budgets;

public sealed class BudgetPeriodTests
{
    [Theory]
    [InlineData("a month", "monthly", "2026-11-20", "2026-11-01", "2026-12-01", "2026-11", 30, "November 2026")]
    [InlineData("a month's last day", "monthly", "2026-10-31", "2026-10-01", "2026-11-01", "2026-10", 31, "October 2026")]
    [InlineData("December into the next year", "monthly", "2026-12-31", "2026-12-01", "2027-01-01", "2026-12", 31, "December 2026")]
    [InlineData("leap February", "monthly", "2028-02-29", "2028-02-01", "2028-03-01", "2028-02", 29, "February 2028")]
    [InlineData("ordinary February", "monthly", "2027-02-10", "2027-02-01", "2027-03-01", "2027-02", 28, "February 2027")]
    [InlineData("first quarter", "quarterly", "2026-01-01", "2026-01-01", "2026-04-01", "2026-Q1", 90, "Q1 2026")]
    [InlineData("leap first quarter", "quarterly", "2028-03-31", "2028-01-01", "2028-04-01", "2028-Q1", 91, "Q1 2028")]
    [InlineData("last quarter", "quarterly", "2026-11-15", "2026-10-01", "2027-01-01", "2026-Q4", 92, "Q4 2026")]
    [InlineData("a year", "annual", "2026-07-04", "2026-01-01", "2027-01-01", "2026", 365, "2026")]
    [InlineData("a leap year", "annual", "2028-12-31", "2028-01-01", "2029-01-01", "2028", 366, "2028")]
    public void Containing_GivesTheCalendarPeriodOfTheDay(string name, string kind, string day, string start, string end, string key, int days, string label)
    {
        var period = BudgetPeriod.Containing(kind, Date(day));

        Assert.True(Date(start) == period.Window.Start, name);
        Assert.Equal(Date(end), period.Window.End);
        Assert.Equal(key, period.Key);
        Assert.Equal(days, period.Days);
        Assert.Equal(label, period.Label);
        Assert.Equal(Date(end).AddDays(-1), period.LastDay);
    }

    [Fact]
    public void Containing_RefusesAnUnknownPeriod()
    {
        var error = Assert.Throws<ArgumentException>(() => BudgetPeriod.Containing("weekly", new DateOnly(2026, 11, 1)));

        Assert.Contains("Unknown budget period 'weekly'", error.Message);
    }

    internal static DateOnly Date(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

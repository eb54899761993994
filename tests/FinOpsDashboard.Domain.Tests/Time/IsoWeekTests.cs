using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Tests.Time;

public sealed class IsoWeekTests
{
    [Theory]
    [InlineData("a Monday starts its own week", "2026-11-16", "2026-11-16")]
    [InlineData("a Wednesday", "2026-11-18", "2026-11-16")]
    [InlineData("a Sunday ends the week that began six days before", "2026-11-22", "2026-11-16")]
    [InlineData("across a year end", "2027-01-01", "2026-12-28")]
    public void Containing_ReturnsTheMondayOnOrBeforeTheDay(string name, string day, string monday)
    {
        Assert.True(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture) == IsoWeek.Containing(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).Monday, name);
    }

    [Theory]
    [InlineData("on a Monday, the week that ended yesterday", "2026-11-23", "2026-11-16")]
    [InlineData("on a Sunday, the week before: today is not over", "2026-11-22", "2026-11-09")]
    public void LastCompleteBefore_IsTheLatestWeekWhoseSundayHasPassed(string name, string today, string monday)
    {
        Assert.True(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture) == IsoWeek.LastCompleteBefore(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).Monday, name);
    }

    [Fact]
    public void AWeek_HasItsWindowNumberAndNeighbours()
    {
        var week = new IsoWeek(new DateOnly(2026, 11, 16));

        Assert.Equal(new DateWindow(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23)), week.Window);
        Assert.Equal(new DateOnly(2026, 11, 22), week.Sunday);
        Assert.Equal("2026-W47", week.ToString());
        Assert.Equal(new DateOnly(2026, 11, 9), week.Previous.Monday);
        Assert.Equal(new DateOnly(2026, 11, 23), week.Next.Monday);
        Assert.Equal(new DateWindow(new DateOnly(2026, 10, 19), new DateOnly(2026, 11, 16)), week.WeeksBefore(4));
        // ISO years: Monday 2024-12-30 starts week 1 of 2025.
        Assert.Equal("2025-W01", new IsoWeek(new DateOnly(2024, 12, 30)).ToString());
    }

    [Fact]
    public void AWeek_MustStartOnAMonday()
    {
        var error = Assert.Throws<ArgumentException>(() => new IsoWeek(new DateOnly(2026, 11, 18)));
        Assert.Contains("2026-11-18 is a Wednesday", error.Message, StringComparison.Ordinal);
    }
}

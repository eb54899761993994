using FinOpsDashboard.Domain.Analytics;

namespace FinOpsDashboard.Domain.Tests.Analytics;

public sealed class RankingTests
{
    private static readonly DateOnly Day1 = new(2026, 11, 1);
    private static readonly DateOnly Day2 = new(2026, 11, 2);

    [Fact]
    public void DailyTopWithOther_KeepsTheLargestKeysOverTheWindow_AndFoldsTheRestPerDay()
    {
        DailyKeyCost[] daily =
        [
            new(Day1, "a", 10m), new(Day2, "a", 10m), // 20
            new(Day1, "b", 1m), new(Day2, "b", 30m),  // 31
            new(Day1, "c", 5m),                       // 5
            new(Day2, "d", 2m),                       // 2
        ];

        var (keys, banded) = Ranking.DailyTopWithOther(daily, 2);

        Assert.Equal(["b", "a", "Other"], keys);
        Assert.Equal(5m, banded.Single(d => d.Date == Day1 && d.Key == "Other").Cost);
        Assert.Equal(2m, banded.Single(d => d.Date == Day2 && d.Key == "Other").Cost);
        // Each day's bands still total the day: 16 and 42.
        Assert.Equal(16m, banded.Where(d => d.Date == Day1).Sum(d => d.Cost));
        Assert.Equal(42m, banded.Where(d => d.Date == Day2).Sum(d => d.Cost));
    }

    [Fact]
    public void DailyTopWithOther_AddsNoOtherBand_WhenEveryKeyFits()
    {
        var (keys, banded) = Ranking.DailyTopWithOther([new(Day1, "a", 1m), new(Day2, "b", 2m)], 8);

        Assert.Equal(["b", "a"], keys);
        Assert.Equal(2, banded.Count);
    }
}

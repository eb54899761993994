using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Analytics;

/// <summary>Spend in a window against the comparable window before it.</summary>
public sealed record PeriodComparison(DateWindow Current, decimal CurrentCost, DateWindow Previous, decimal PreviousCost)
{
    /// <summary>Current − previous: 1,200 vs 1,000 → +200.</summary>
    public decimal Change => CurrentCost - PreviousCost;

    /// <summary>Change over previous: 1,200 vs 1,000 → 0.20; null when there was no previous spend.</summary>
    public decimal? ChangeRatio => PreviousCost == 0 ? null : Change / PreviousCost;
}

/// <summary>The windows the overview compares, derived from the last complete day.</summary>
public static class ReportingWindows
{
    /// <summary>
    /// Month to date through <paramref name="lastDay"/>, against the same number of days of the month before
    /// (capped at that month's end). Example: last day 2026-03-31 → [03-01, 04-01) vs [02-01, 03-01).
    /// </summary>
    public static (DateWindow Current, DateWindow Previous) MonthToDate(DateOnly lastDay)
    {
        var start = new DateOnly(lastDay.Year, lastDay.Month, 1);
        var current = new DateWindow(start, lastDay.AddDays(1));
        var previousStart = start.AddMonths(-1);
        var previousEnd = previousStart.AddDays(current.Days);
        return (current, new DateWindow(previousStart, previousEnd > start ? start : previousEnd));
    }

    /// <summary>Simple run-rate: month-to-date ÷ days elapsed × days in month ($30,000 over 15 of 30 days → $60,000).</summary>
    public static decimal MonthRunRate(decimal monthToDate, DateWindow monthToDateWindow, DateOnly lastDay) =>
        monthToDateWindow.Days == 0 ? 0 : monthToDate / monthToDateWindow.Days * DateTime.DaysInMonth(lastDay.Year, lastDay.Month);

    /// <summary>The <paramref name="days"/> days through <paramref name="lastDay"/> and the same length before them.</summary>
    public static (DateWindow Current, DateWindow Previous) Trailing(DateOnly lastDay, int days)
    {
        var current = DateWindow.Trailing(lastDay, days);
        return (current, current.Previous());
    }
}

public static class Ranking
{
    /// <summary>The <paramref name="count"/> largest keys, the rest summed into one "Other" row so totals still add up.</summary>
    public static IReadOnlyList<KeyCost> TopWithOther(IEnumerable<KeyCost> costs, int count, string otherLabel = "Other")
    {
        var ordered = costs.OrderByDescending(c => c.Cost).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        if (ordered.Count <= count)
        {
            return ordered;
        }

        var top = ordered.Take(count).ToList();
        top.Add(new KeyCost(otherLabel, ordered.Skip(count).Sum(c => c.Cost)));
        return top;
    }

    /// <summary>
    /// The bands of a stacked daily chart: the <paramref name="count"/> keys largest over the whole window, the rest
    /// summed per day into one "Other" band, so each day's column still totals right. Keys largest first, Other last.
    /// </summary>
    public static (IReadOnlyList<string> Keys, IReadOnlyList<DailyKeyCost> Daily) DailyTopWithOther(IEnumerable<DailyKeyCost> daily, int count, string otherLabel = "Other")
    {
        var rows = daily.ToList();
        var keys = rows.GroupBy(d => d.Key).Select(g => new KeyCost(g.Key, g.Sum(d => d.Cost)))
            .OrderByDescending(k => k.Cost).ThenBy(k => k.Key, StringComparer.Ordinal).Take(count).Select(k => k.Key).ToList();
        var top = keys.ToHashSet(StringComparer.Ordinal);
        var banded = rows
            .GroupBy(d => (d.Date, Key: top.Contains(d.Key) ? d.Key : otherLabel))
            .Select(g => new DailyKeyCost(g.Key.Date, g.Key.Key, g.Sum(d => d.Cost)))
            .ToList();
        if (banded.Any(d => d.Key == otherLabel && !top.Contains(otherLabel)))
        {
            keys.Add(otherLabel);
        }

        return (keys, banded);
    }
}

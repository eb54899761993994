using System.Globalization;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Web.Components.Shared;

/// <summary>One column of a <see cref="StackedColumns"/> chart: a day or a week, one amount per band.</summary>
public sealed record ColumnPeriod(DateOnly Start, DateOnly End, IReadOnlyList<decimal> Amounts)
{
    public decimal Total => Amounts.Sum();

    /// <summary>"Nov 17, 2026" for a day; "Nov 17 – 23, 2026" for a week (clipped to the window at its edges).</summary>
    public string Label => End.DayNumber - Start.DayNumber == 1
        ? Start.ToString("ddd MMM d, yyyy", Money.Culture)
        : $"{Start.ToString("MMM d", Money.Culture)} – {End.AddDays(-1).ToString(Start.Month == End.AddDays(-1).Month ? "%d" : "MMM d", Money.Culture)}, {End.AddDays(-1).Year.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// What a daily spend chart plots: the top keys as stacked bands, one column per day, or per ISO week when the window
/// is longer than <see cref="MaxDailyColumns"/> days (a year of days is 365 slivers nobody can read, and ~3,300 shapes
/// to render). Amounts stay decimal: the tooltips print them exactly.
/// </summary>
public sealed record StackedColumns(IReadOnlyList<string> Keys, IReadOnlyList<ColumnPeriod> Periods, bool Weekly)
{
    public const int MaxDailyColumns = 92;

    public static StackedColumns Empty { get; } = new([], [], false);

    public static StackedColumns Build(IReadOnlyList<string> keys, IEnumerable<DailyKeyCost> daily, DateWindow window)
    {
        var weekly = window.Days > MaxDailyColumns;
        var starts = new List<DateOnly>();
        var index = new Dictionary<DateOnly, int>();
        foreach (var day in window.EachDay())
        {
            var start = weekly ? Max(IsoWeek.Containing(day).Monday, window.Start) : day;
            if (!index.ContainsKey(start))
            {
                index[start] = starts.Count;
                starts.Add(start);
            }

            index[day] = index[start];
        }

        var keyIndex = keys.Select((key, i) => (key, i)).ToDictionary(k => k.key, k => k.i, StringComparer.Ordinal);
        var amounts = starts.Select(_ => new decimal[keys.Count]).ToList();
        foreach (var cost in daily)
        {
            if (keyIndex.TryGetValue(cost.Key, out var band) && index.TryGetValue(cost.Date, out var column))
            {
                amounts[column][band] += cost.Cost;
            }
        }

        var periods = starts.Select((start, i) => new ColumnPeriod(start, i + 1 < starts.Count ? starts[i + 1] : window.End, amounts[i])).ToList();
        return new StackedColumns(keys.ToList(), periods, weekly);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

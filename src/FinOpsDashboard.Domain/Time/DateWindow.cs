namespace FinOpsDashboard.Domain.Time;

/// <summary>A half-open range of days, [Start, End): the shape Cost Explorer's TimePeriod uses.</summary>
public readonly record struct DateWindow
{
    public DateWindow(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            throw new ArgumentException($"Window end {end:yyyy-MM-dd} is before its start {start:yyyy-MM-dd}.", nameof(end));
        }

        Start = start;
        End = end;
    }

    public DateOnly Start { get; }

    /// <summary>Exclusive: a window of one day has End = Start + 1.</summary>
    public DateOnly End { get; }

    public int Days => End.DayNumber - Start.DayNumber;

    public bool Contains(DateOnly day) => day >= Start && day < End;

    /// <summary>The window of equal length immediately before this one: [2026-05-01, 2026-05-31) → [2026-04-01, 2026-05-01).</summary>
    public DateWindow Previous() => new(Start.AddDays(-Days), Start);

    public IEnumerable<DateOnly> EachDay()
    {
        for (var day = Start; day < End; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    public static DateWindow MonthOf(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        return new DateWindow(first, first.AddMonths(1));
    }

    /// <summary>The <paramref name="days"/> days ending with <paramref name="lastDay"/> (inclusive).</summary>
    public static DateWindow Trailing(DateOnly lastDay, int days) => new(lastDay.AddDays(1 - days), lastDay.AddDays(1));

    public override string ToString() => $"[{Start:yyyy-MM-dd}, {End:yyyy-MM-dd})";
}

using System.Globalization;

namespace FinOpsDashboard.Domain.Time;

/// <summary>An ISO 8601 week: Monday to Sunday, in UTC days, the unit of the weekly review.</summary>
public readonly record struct IsoWeek
{
    public IsoWeek(DateOnly monday)
    {
        if (monday.DayOfWeek != DayOfWeek.Monday)
        {
            throw new ArgumentException($"A week starts on a Monday; {monday:yyyy-MM-dd} is a {monday.DayOfWeek}.", nameof(monday));
        }

        Monday = monday;
    }

    public DateOnly Monday { get; }

    public DateOnly Sunday => Monday.AddDays(6);

    /// <summary>[Monday, next Monday).</summary>
    public DateWindow Window => new(Monday, Monday.AddDays(7));

    /// <summary>The week number within its ISO year: 2026-11-16 → 47.</summary>
    public int Number => ISOWeek.GetWeekOfYear(Monday.ToDateTime(TimeOnly.MinValue));

    /// <summary>The ISO year the week belongs to (2024-12-30 starts week 1 of 2025).</summary>
    public int Year => ISOWeek.GetYear(Monday.ToDateTime(TimeOnly.MinValue));

    public IsoWeek Previous => new(Monday.AddDays(-7));

    public IsoWeek Next => new(Monday.AddDays(7));

    /// <summary>The <paramref name="weeks"/> weeks immediately before this one, as one window: 4 before 2026-11-16 → [10-19, 11-16).</summary>
    public DateWindow WeeksBefore(int weeks) => new(Monday.AddDays(-7 * weeks), Monday);

    /// <summary>The week a day falls in: Sunday 2026-11-22 → the week of Monday 2026-11-16.</summary>
    public static IsoWeek Containing(DateOnly day) => new(day.AddDays(-(((int)day.DayOfWeek + 6) % 7)));

    /// <summary>The latest week whose Sunday is before <paramref name="today"/>: today Monday 11-23 → 11-16; today Sunday 11-22 → 11-09.</summary>
    public static IsoWeek LastCompleteBefore(DateOnly today) => Containing(today).Previous;

    /// <summary>"2026-W47".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}-W{Number:00}");
}

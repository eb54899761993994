using System.Globalization;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Budgets;

/// <summary>How often a budget resets: calendar months, calendar quarters or calendar years (UTC days), as AWS Budgets does.</summary>
public static class BudgetPeriodKinds
{
    public const string Monthly = "monthly";
    public const string Quarterly = "quarterly";
    public const string Annual = "annual";

    public static IReadOnlyList<string> All { get; } = [Monthly, Quarterly, Annual];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);

    public static string Label(string kind) => kind switch
    {
        Monthly => "Monthly",
        Quarterly => "Quarterly",
        Annual => "Annual",
        _ => kind,
    };
}

/// <summary>
/// One occurrence of a budget period: its days and a stable key ("2026-11", "2026-Q4", "2026") that alerts are
/// raised once per.
/// </summary>
public sealed record BudgetPeriod(string Kind, DateWindow Window, string Key)
{
    /// <summary>
    /// The period of <paramref name="kind"/> that holds <paramref name="day"/>: 2026-11-20 monthly → [2026-11-01, 2026-12-01)
    /// "2026-11"; quarterly → [2026-10-01, 2027-01-01) "2026-Q4"; annual → [2026-01-01, 2027-01-01) "2026".
    /// </summary>
    public static BudgetPeriod Containing(string kind, DateOnly day)
    {
        switch (kind)
        {
            case BudgetPeriodKinds.Monthly:
                var month = new DateOnly(day.Year, day.Month, 1);
                return new BudgetPeriod(kind, new DateWindow(month, month.AddMonths(1)), month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            case BudgetPeriodKinds.Quarterly:
                var quarter = ((day.Month - 1) / 3) + 1;
                var first = new DateOnly(day.Year, ((quarter - 1) * 3) + 1, 1);
                return new BudgetPeriod(kind, new DateWindow(first, first.AddMonths(3)), FormattableString.Invariant($"{day.Year}-Q{quarter}"));
            case BudgetPeriodKinds.Annual:
                var year = new DateOnly(day.Year, 1, 1);
                return new BudgetPeriod(kind, new DateWindow(year, year.AddYears(1)), day.Year.ToString(CultureInfo.InvariantCulture));
            default:
                throw new ArgumentException($"Unknown budget period '{kind}': use {string.Join(", ", BudgetPeriodKinds.All)}.", nameof(kind));
        }
    }

    public DateOnly Start => Window.Start;

    /// <summary>The last day of the period (inclusive).</summary>
    public DateOnly LastDay => Window.End.AddDays(-1);

    public int Days => Window.Days;

    /// <summary>"November 2026", "Q4 2026", "2026".</summary>
    public string Label => Kind switch
    {
        BudgetPeriodKinds.Monthly => Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        BudgetPeriodKinds.Quarterly => $"Q{((Start.Month - 1) / 3) + 1} {Start.Year.ToString(CultureInfo.InvariantCulture)}",
        _ => Start.Year.ToString(CultureInfo.InvariantCulture),
    };
}

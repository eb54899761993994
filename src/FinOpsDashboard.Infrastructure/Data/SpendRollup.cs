using System.Globalization;
using FinOpsDashboard.Domain.Time;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Data;

/// <summary>
/// Keeps daily_spend and monthly_spend equal to cost_facts grouped by (day or month, account, model, team, feature,
/// pricing mode), and weekly_usage equal to them grouped by (ISO week, those keys, token direction, cache TTL, route,
/// unit). Every write to cost_facts calls <see cref="RebuildAsync(FinOpsDbContext, DateWindow, CancellationToken)"/>
/// for the days it touched, inside the transaction that wrote the facts: the days and their ISO weeks are re-summed from
/// cost_facts and their months from daily_spend, so a reader sees facts and rollups change together or not at all (ADR-011).
/// </summary>
public static class SpendRollup
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>Re-sums the days of <paramref name="days"/> and every ISO week and month they fall in.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open on <paramref name="db"/>.</exception>
    public static async Task RebuildAsync(FinOpsDbContext db, DateWindow days, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The spend rollup must be rebuilt inside the transaction that wrote the cost facts.");
        }

        if (days.Days == 0)
        {
            return;
        }

        var firstMonth = new DateOnly(days.Start.Year, days.Start.Month, 1);
        var lastDay = days.End.AddDays(-1);
        var afterLastMonth = new DateOnly(lastDay.Year, lastDay.Month, 1).AddMonths(1);
        var (start, end) = (Iso(days.Start), Iso(days.End));
        var (monthStart, monthEnd) = (Iso(firstMonth), Iso(afterLastMonth));
        var (weekStart, weekEnd) = (Iso(IsoWeek.Containing(days.Start).Monday), Iso(IsoWeek.Containing(lastDay).Monday.AddDays(7)));

        // Grouped in IX_cost_facts_Date_Cover's column order, so SQLite sums each day as it walks the index.
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM "daily_spend" WHERE "Date" >= {start} AND "Date" < {end};
            INSERT INTO "daily_spend" ("Date", "AccountId", "Model", "Team", "Feature", "PricingMode", "UnblendedCost", "AmortizedCost", "FactCount")
            SELECT "Date", "AccountId", "Model", "Team", "Feature", "PricingMode", sum("UnblendedCost"), sum("AmortizedCost"), count(*)
            FROM "cost_facts" WHERE "Date" >= {start} AND "Date" < {end}
            GROUP BY "Date", "Team", "Model", "Feature", "PricingMode", "AccountId";
            DELETE FROM "monthly_spend" WHERE "Month" >= {monthStart} AND "Month" < {monthEnd};
            INSERT INTO "monthly_spend" ("Month", "AccountId", "Model", "Team", "Feature", "PricingMode", "UnblendedCost", "AmortizedCost", "FactCount")
            SELECT substr("Date", 1, 8) || '01', "AccountId", "Model", "Team", "Feature", "PricingMode", sum("UnblendedCost"), sum("AmortizedCost"), sum("FactCount")
            FROM "daily_spend" WHERE "Date" >= {monthStart} AND "Date" < {monthEnd}
            GROUP BY substr("Date", 1, 8), "AccountId", "Model", "Team", "Feature", "PricingMode";
            DELETE FROM "weekly_usage" WHERE "Week" >= {weekStart} AND "Week" < {weekEnd};
            INSERT INTO "weekly_usage" ("Week", "AccountId", "Model", "Team", "Feature", "PricingMode", "TokenDirection", "CacheTtl", "CrossRegion", "Unit",
                "Quantity", "UnblendedCost", "FactCount")
            SELECT date("Date", 'weekday 0', '-6 days'), "AccountId", "Model", "Team", "Feature", "PricingMode", "TokenDirection", coalesce("CacheTtl", ''),
                "CrossRegion", "Unit", sum("Quantity"), sum("UnblendedCost"), count(*)
            FROM "cost_facts" WHERE "Date" >= {weekStart} AND "Date" < {weekEnd}
            GROUP BY date("Date", 'weekday 0', '-6 days'), "Team", "Model", "Feature", "PricingMode", "AccountId", "TokenDirection", coalesce("CacheTtl", ''),
                "CrossRegion", "Unit";
            """, cancellationToken);
    }

    /// <summary>Re-sums several ranges of days (overlapping or adjacent ones once).</summary>
    public static async Task RebuildAsync(FinOpsDbContext db, IEnumerable<DateWindow> ranges, CancellationToken cancellationToken)
    {
        foreach (var range in Merge(ranges))
        {
            await RebuildAsync(db, range, cancellationToken);
        }
    }

    /// <summary>The days of <paramref name="ranges"/> as few disjoint windows: [1, 5) + [3, 9) + [9, 10) + [20, 21) → [1, 10) + [20, 21).</summary>
    public static IReadOnlyList<DateWindow> Merge(IEnumerable<DateWindow> ranges)
    {
        var merged = new List<DateWindow>();
        foreach (var range in ranges.Where(r => r.Days > 0).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = new DateWindow(last.Start, range.End > last.End ? range.End : last.End);
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static string Iso(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);
}

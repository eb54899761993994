using System.Linq.Expressions;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>When the data was last refreshed and how final it is.</summary>
public sealed record DataFreshness(DateTime? LastSuccessfulIngestion, DateOnly? LatestDay, int EstimatedDays, bool IsDemo);

/// <summary>
/// Spend queries over cost facts, aggregated in SQLite (money sums exactly: ADR-006). The overview, the
/// CLI's report and the tests all read through here, so the same window gives the same figure everywhere.
/// All amounts are unblended cost.
/// </summary>
public sealed class SpendReports(IDbContextFactory<FinOpsDbContext> dbFactory)
{
    public async Task<decimal> TotalAsync(DateWindow window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await InWindow(db, window).SumAsync(f => f.UnblendedCost, cancellationToken);
    }

    public async Task<IReadOnlyList<KeyCost>> ByAsync(SpendDimension dimension, DateWindow window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await InWindow(db, window)
            .GroupBy(KeyOf(dimension))
            .Select(g => new { g.Key, Cost = g.Sum(f => f.UnblendedCost) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new KeyCost(r.Key, r.Cost)).OrderByDescending(r => r.Cost).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<DailyKeyCost>> DailyByAsync(SpendDimension dimension, DateWindow window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var facts = InWindow(db, window);
        var grouped = dimension switch
        {
            SpendDimension.Model => facts.GroupBy(f => new { f.Date, Key = f.Model }),
            SpendDimension.Team => facts.GroupBy(f => new { f.Date, Key = f.Team }),
            SpendDimension.Feature => facts.GroupBy(f => new { f.Date, Key = f.Feature }),
            SpendDimension.PricingMode => facts.GroupBy(f => new { f.Date, Key = f.PricingMode }),
            _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
        };
        var rows = await grouped
            .Select(g => new { g.Key.Date, g.Key.Key, Cost = g.Sum(f => f.UnblendedCost) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new DailyKeyCost(r.Date, r.Key, r.Cost)).OrderBy(r => r.Date).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    public async Task<DataFreshness> FreshnessAsync(bool isDemo, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lastRun = await db.JobRuns
            .Where(r => r.Status == JobRunStatus.Succeeded && (r.JobName == JobNames.CostIngestion || r.JobName == JobNames.DemoSeed))
            .MaxAsync(r => r.FinishedAt, cancellationToken);
        var latestDay = await db.IngestedDays.Where(d => d.FactCount > 0).MaxAsync(d => (DateOnly?)d.Date, cancellationToken);
        var estimated = await db.IngestedDays.CountAsync(d => d.IsEstimated, cancellationToken);
        return new DataFreshness(lastRun, latestDay, estimated, isDemo);
    }

    private static IQueryable<CostFact> InWindow(FinOpsDbContext db, DateWindow window) =>
        db.CostFacts.AsNoTracking().Where(f => f.Date >= window.Start && f.Date < window.End);

    private static Expression<Func<CostFact, string>> KeyOf(SpendDimension dimension) => dimension switch
    {
        SpendDimension.Model => f => f.Model,
        SpendDimension.Team => f => f.Team,
        SpendDimension.Feature => f => f.Feature,
        SpendDimension.PricingMode => f => f.PricingMode,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };
}

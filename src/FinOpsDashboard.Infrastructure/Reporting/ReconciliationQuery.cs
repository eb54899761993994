using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>Invocation-log estimates against billed token cost, per model per day (data-quality page).</summary>
public sealed class ReconciliationQuery(IDbContextFactory<FinOpsDbContext> dbFactory)
{
    private static readonly string[] TokenDirections = ["input", "output", "cache-read", "cache-write"];

    /// <summary>The days that have invocation logs, within <paramref name="window"/>; empty when no logs were imported.</summary>
    public async Task<IReadOnlyList<ReconciliationRow>> LogsVersusBilledAsync(DateWindow window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = window.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = window.End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var hourly = await db.InvocationLogHourly.AsNoTracking()
            .Where(h => h.HourStart >= from && h.HourStart < to)
            .Select(h => new { h.HourStart, h.Model, h.RequestCount, h.InputTokens, h.OutputTokens, h.CacheReadInputTokens, h.CacheWriteInputTokens })
            .ToListAsync(cancellationToken);
        if (hourly.Count == 0)
        {
            return [];
        }

        var logged = hourly
            .GroupBy(h => (Date: DateOnly.FromDateTime(h.HourStart), h.Model))
            .Select(g => new LoggedTokens(g.Key.Date, g.Key.Model, g.Sum(h => h.RequestCount), g.Sum(h => h.InputTokens), g.Sum(h => h.OutputTokens),
                g.Sum(h => h.CacheReadInputTokens), g.Sum(h => h.CacheWriteInputTokens)))
            .ToList();
        var days = logged.Select(l => l.Date).Distinct().ToList();
        var billed = (await db.CostFacts.AsNoTracking()
                .Where(f => days.Contains(f.Date) && TokenDirections.Contains(f.TokenDirection))
                .GroupBy(f => new { f.Date, f.Model, f.PricingMode, f.CrossRegion, f.TokenDirection })
                .Select(g => new { g.Key.Date, g.Key.Model, g.Key.PricingMode, g.Key.CrossRegion, g.Key.TokenDirection, Cost = g.Sum(f => f.UnblendedCost) })
                .ToListAsync(cancellationToken))
            .Select(b => new BilledTokenCharge(b.Date, b.Model, b.PricingMode, b.CrossRegion, b.TokenDirection, b.Cost));
        return LogReconciliation.Reconcile(logged, billed);
    }
}

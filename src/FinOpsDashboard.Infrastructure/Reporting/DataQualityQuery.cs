using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>How complete and trustworthy one source's cost data is for one account.</summary>
public sealed record SourceQuality(
    string Source,
    string AccountId,
    DateTime? LastIngestedAt,
    DateOnly? FirstDay,
    DateOnly? LastDay,
    int DaysCovered,
    int EstimatedDays,
    long CostFacts,
    decimal Cost,
    decimal UnattributedCost,
    decimal UnclassifiedCost)
{
    /// <summary>Share of cost with no team: 80 of 1,000 → 0.08.</summary>
    public decimal UnattributedShare => Cost == 0 ? 0 : UnattributedCost / Cost;

    /// <summary>Days between the first and last stored day that are missing.</summary>
    public int GapDays => FirstDay is { } first && LastDay is { } last ? (last.DayNumber - first.DayNumber + 1) - DaysCovered : 0;
}

/// <summary>A usage type the classifier did not recognise: kept and costed, listed here so it can be taught.</summary>
public sealed record UnclassifiedUsageType(string Source, string Service, string UsageType, int Days, decimal Cost);

public sealed record MetricQuality(string Source, string AccountId, string Region, int ModelIds, long Points, DateTime? FirstHour, DateTime? LastHour);

public sealed record DataQualityReport(
    IReadOnlyList<SourceQuality> Sources,
    IReadOnlyList<UnclassifiedUsageType> Unclassified,
    IReadOnlyList<MetricQuality> Metrics,
    DateTime? LastSuccessfulCostRun,
    int AwsAnomalies);

/// <summary>
/// The data-quality report groups every stored fact and metric point (~1 s on the large organisation): it is kept until
/// the next write (<see cref="KeptUntilNextWrite{TKey, TValue}"/>).
/// </summary>
public sealed class DataQualityQuery(IDbContextFactory<FinOpsDbContext> dbFactory)
{
    private readonly KeptUntilNextWrite<bool, DataQualityReport> _kept = new(dbFactory);

    public Task<DataQualityReport> GetAsync(CancellationToken cancellationToken) => _kept.GetAsync(true, ComputeAsync, cancellationToken);

    private async Task<DataQualityReport> ComputeAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Coverage comes from the facts (every source has them); only Cost Explorer has estimated days.
        var days = await db.CostFacts.AsNoTracking()
            .GroupBy(f => new { f.Source, f.AccountId })
            .Select(g => new
            {
                g.Key.Source,
                g.Key.AccountId,
                LastIngestedAt = g.Max(f => f.IngestedAt),
                FirstDay = g.Min(f => f.Date),
                LastDay = g.Max(f => f.Date),
                Days = g.Select(f => f.Date).Distinct().Count(),
                Facts = g.LongCount(),
                Cost = g.Sum(f => f.UnblendedCost),
                Unattributed = g.Where(f => f.Team == Attribution.Unattributed).Sum(f => f.UnblendedCost),
                Unclassified = g.Where(f => !f.IsClassified).Sum(f => f.UnblendedCost),
            })
            .ToListAsync(cancellationToken);
        var estimated = await db.IngestedDays.AsNoTracking()
            .Where(d => d.IsEstimated)
            .GroupBy(d => new { d.Source, d.AccountId })
            .Select(g => new { g.Key.Source, g.Key.AccountId, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var sources = days
            .Select(d => new SourceQuality(
                d.Source, d.AccountId, d.LastIngestedAt, d.FirstDay, d.LastDay, d.Days,
                estimated.FirstOrDefault(e => e.Source == d.Source && e.AccountId == d.AccountId)?.Count ?? 0,
                d.Facts, d.Cost, d.Unattributed, d.Unclassified))
            .OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.AccountId, StringComparer.Ordinal)
            .ToList();

        var unclassified = (await db.CostFacts.AsNoTracking()
                .Where(f => !f.IsClassified)
                .GroupBy(f => new { f.Source, f.Service, f.UsageType })
                .Select(g => new { g.Key.Source, g.Key.Service, g.Key.UsageType, Days = g.Select(f => f.Date).Distinct().Count(), Cost = g.Sum(f => f.UnblendedCost) })
                .ToListAsync(cancellationToken))
            .Select(u => new UnclassifiedUsageType(u.Source, u.Service, u.UsageType, u.Days, u.Cost))
            .OrderByDescending(u => u.Cost)
            .ToList();

        var metrics = (await db.MetricFacts.AsNoTracking()
                .GroupBy(m => new { m.Source, m.AccountId, m.Region })
                .Select(g => new
                {
                    g.Key.Source,
                    g.Key.AccountId,
                    g.Key.Region,
                    ModelIds = g.Select(m => m.ModelId).Distinct().Count(),
                    Points = g.LongCount(),
                    First = g.Min(m => m.Timestamp),
                    Last = g.Max(m => m.Timestamp),
                })
                .ToListAsync(cancellationToken))
            .Select(m => new MetricQuality(m.Source, m.AccountId, m.Region, m.ModelIds, m.Points, m.First, m.Last))
            .ToList();

        var lastRun = await db.JobRuns.AsNoTracking()
            .Where(r => r.Status == JobRunStatus.Succeeded && (r.JobName == JobNames.CostIngestion || r.JobName == JobNames.DemoSeed))
            .MaxAsync(r => r.FinishedAt, cancellationToken);
        var anomalies = await db.AwsAnomalies.CountAsync(cancellationToken);
        return new DataQualityReport(sources, unclassified, metrics, lastRun, anomalies);
    }
}

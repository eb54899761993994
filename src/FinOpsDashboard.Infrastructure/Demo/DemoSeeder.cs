using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Demo;

public sealed record DemoSeedResult(DemoSettings Settings, long CostFacts, decimal UnblendedCost, long MetricPoints, int Reservations);

/// <summary>
/// Creates (or re-creates) the demo organisation: stores its identity, then runs the real ingestion services
/// against the simulator, so demo facts take exactly the path AWS facts take.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    IngestionSourceProvider sources,
    CostIngestionService costs,
    MetricIngestionService metrics,
    ProvisionedThroughputSyncService reservations,
    AnomalyIngestionService anomalies,
    Pricing.PriceCatalogStore prices,
    TimeProvider clock)
{
    public const int DefaultSeed = 42;

    public async Task<DemoSeedResult> SeedAsync(
        int seed, int historyDays, DemoScale scale, int metricBackfillDays, long jobRunId, AwsCallCounter calls, IJobProgress progress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var settings = new DemoSettings(seed, today.AddDays(-1), historyDays, scale);

        progress.Report("Clearing previous demo data");
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var demoFacts = db.CostFacts.Where(f => f.Source == IngestionSourceProvider.DemoSourceName);
            var firstDay = await demoFacts.MinAsync(f => (DateOnly?)f.Date, cancellationToken);
            var lastDay = await demoFacts.MaxAsync(f => (DateOnly?)f.Date, cancellationToken);
            await demoFacts.ExecuteDeleteAsync(cancellationToken);
            if (firstDay is { } first && lastDay is { } last)
            {
                await SpendRollup.RebuildAsync(db, new DateWindow(first, last.AddDays(1)), cancellationToken);
            }

            await db.IngestedDays.Where(d => d.Source == IngestionSourceProvider.DemoSourceName).ExecuteDeleteAsync(cancellationToken);
            await db.MetricFacts.Where(m => m.Source == IngestionSourceProvider.DemoSourceName).ExecuteDeleteAsync(cancellationToken);
            await db.MetricDailySums.Where(m => m.Source == IngestionSourceProvider.DemoSourceName).ExecuteDeleteAsync(cancellationToken);
            await db.ProvisionedThroughputs.Where(p => p.Source == IngestionSourceProvider.DemoSourceName).ExecuteDeleteAsync(cancellationToken);
            await settings.SaveAsync(db, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var source = sources.Demo(settings);
        progress.Report("Provisioned throughput reservations", 0.02);
        var reserved = 0;
        foreach (var region in source.Regions)
        {
            reserved += await reservations.SyncAsync(source, region, cancellationToken);
        }

        var window = new DateWindow(settings.AnchorDay.AddDays(1 - historyDays), today);
        var cost = await costs.IngestAsync(source, window, jobRunId, calls, new Scaled(progress, 0.05, 0.75), cancellationToken);
        await anomalies.IngestAsync(source, calls, cancellationToken);
        long points = 0;
        foreach (var region in source.Regions)
        {
            points += (await metrics.IngestAsync(source, region, metricBackfillDays, calls, new Scaled(progress, 0.75, 1.0), cancellationToken)).PointsWritten;
        }
        if (source.CostExplorer is DemoWorkload workload)
        {
            await AddMissingPricesAsync(workload.Organisation, cancellationToken);
        }

        return new DemoSeedResult(settings, cost.FactsWritten, cost.UnblendedCost, points, reserved);
    }

    /// <summary>
    /// Models the demo bills that the representative catalog does not list (Nova 2 Lite, the large scale's extras) get
    /// on-demand entries from the demo's own price table, marked so, so estimates and the PT page's on-demand comparison
    /// have a rate. Only models with no entry at all: an admin's prices are never touched.
    /// </summary>
    private async Task AddMissingPricesAsync(DemoOrganisation organisation, CancellationToken cancellationToken)
    {
        var listed = (await prices.ListAsync(cancellationToken)).Select(e => e.Model).ToHashSet(StringComparer.Ordinal);
        foreach (var model in organisation.Models.Where(m => !listed.Contains(m.Name) && !m.IsEmbedding))
        {
            var rates = model.Prices.Regional;
            foreach (var (direction, rate) in new[] { ("input", rates.Input), ("output", rates.Output) })
            {
                var change = await prices.AddAsync(
                    new Pricing.PriceInput(model.Name, null, direction, "on-demand", "none", null, rate, Domain.Pricing.PriceCatalog.RepresentativeEffectiveFrom,
                        Provenance: "demo workload's price table (not an AWS list price)"),
                    "demo-seed",
                    cancellationToken);
                if (!change.Succeeded)
                {
                    throw new InvalidOperationException($"Demo price for {model.Name} {direction} refused: {string.Join(" ", change.Errors)}");
                }
            }
        }
    }

    /// <summary>Maps a step's 0..1 progress into its slice of the whole seeding.</summary>
    private sealed class Scaled(IJobProgress inner, double from, double to) : IJobProgress
    {
        public void Report(string message, double? fraction = null) =>
            inner.Report(message, fraction is { } f ? from + ((to - from) * f) : null);
    }
}

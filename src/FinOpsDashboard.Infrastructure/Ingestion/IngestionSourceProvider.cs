using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>
/// Which sources ingestion reads. Without an AWS account configured that is the demo workload, rebuilt from
/// the seed and anchor stored when it was seeded.
/// </summary>
public sealed class IngestionSourceProvider(IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    public const string DemoSourceName = "demo";

    /// <summary>The demo account id: AWS's documentation example account, never a real one.</summary>
    public const string DemoAccountId = "111122223333";

    public const string DemoRegion = "us-east-1";

    /// <summary>True while no AWS account is configured: the app shows (and says it shows) demo data.</summary>
    public bool IsDemoMode => true;

    public async Task<IReadOnlyList<IngestionSource>> GetSourcesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await DemoSettings.LoadAsync(db, cancellationToken);
        return settings is null ? [] : [Demo(settings)];
    }

    public IngestionSource Demo(DemoSettings settings)
    {
        var workload = new DemoWorkload(
            new DemoWorkloadOptions
            {
                Seed = settings.Seed,
                AnchorDay = settings.AnchorDay,
                HistoryDays = settings.HistoryDays,
                Scale = settings.Scale,
            },
            clock);
        return new IngestionSource(DemoSourceName, DemoAccountId, IsDemo: true, workload, workload, [new RegionalApis(DemoRegion, workload, workload, workload)]);
    }
}
